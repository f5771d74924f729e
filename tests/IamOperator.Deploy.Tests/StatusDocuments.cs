using System.Text.Json.Nodes;
using IamOperator.Resources;
using k8s;
using k8s.Models;

namespace IamOperator.Deploy.Tests;

/// <summary>
/// Resources with the status documents the operator writes, built from the real model types
/// (IamResourceStatus, V1Condition) and serialized as the API server would return them.
/// </summary>
public static class StatusDocuments
{
    private static readonly DateTime Transition = new(2026, 11, 28, 1, 0, 0, DateTimeKind.Utc);

    /// <summary>Conditions for <paramref name="reason"/>: Ready=True for Reconciled, otherwise Ready=False plus Reconciling or Stalled with the same reason.</summary>
    public static List<V1Condition> ConditionsFor(string reason, long generation, string message)
    {
        var category = ReasonCatalog.Categories[reason];
        V1Condition Condition(string type, bool status) =>
            new()
            {
                Type = type,
                Status = status ? "True" : "False",
                Reason = reason,
                Message = message,
                ObservedGeneration = generation,
                LastTransitionTime = Transition,
            };
        return
        [
            Condition(ConditionTypes.Ready, category == ReasonCategory.Ready),
            Condition(ConditionTypes.Reconciling, category == ReasonCategory.Reconciling),
            Condition(ConditionTypes.Stalled, category == ReasonCategory.Stalled),
        ];
    }

    public static JsonObject User(long generation, long? observedGeneration, List<V1Condition>? conditions, DateTime? deletionTimestamp = null)
    {
        var user = new IamUser
        {
            Metadata = new V1ObjectMeta
            {
                Name = "alice",
                NamespaceProperty = "team-a",
                Generation = generation,
                DeletionTimestamp = deletionTimestamp,
                Finalizers = deletionTimestamp is null ? null : ["iamoperator.dev/cleanup"],
            },
            Spec = new IamUserSpec { GroupRefs = [new ResourceRef { Name = "developers" }] },
            Status = conditions is null && observedGeneration is null ? null : new IamResourceStatus
            {
                ObservedGeneration = observedGeneration,
                IamName = "alice",
                Arn = "arn:aws:iam::123456789012:user/alice",
                Conditions = conditions,
            },
        };
        return JsonNode.Parse(KubernetesJson.Serialize(user))!.AsObject();
    }

    public static JsonObject UserWithReason(string reason, string message = "details") =>
        User(generation: 3, observedGeneration: 3, ConditionsFor(reason, 3, message));
}
