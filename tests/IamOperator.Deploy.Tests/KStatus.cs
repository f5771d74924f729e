using System.Text.Json;
using System.Text.Json.Nodes;

namespace IamOperator.Deploy.Tests;

/// <summary>
/// kstatus's rules for a custom resource, as Flux, kpt and cli-utils compute them
/// (sigs.k8s.io/cli-utils pkg/kstatus/status: status.go Compute, generic.go
/// checkGenericProperties / checkGeneration):
/// 1. metadata.deletionTimestamp set → Terminating;
/// 2. status.observedGeneration present and != metadata.generation → InProgress;
/// 3. a Reconciling=True condition → InProgress, a Stalled=True condition → Failed (first one found wins);
/// 4. otherwise a custom resource is Current (no kind-specific rules apply to CRDs).
/// Not modelled: the built-in kinds' legacy rules (Deployment, Pod, ...), irrelevant here.
/// </summary>
public static class KStatus
{
    public static KStatusResult Compute(JsonObject resource)
    {
        var metadata = resource["metadata"];
        if (!string.IsNullOrEmpty((string?)metadata?["deletionTimestamp"]))
        {
            return new KStatusResult(KStatusValue.Terminating, "Resource scheduled for deletion");
        }

        // Deserialize rather than cast: a node built in memory may hold an int, which a (long?) cast refuses.
        var generation = metadata?["generation"].Deserialize<long?>();
        var observedGeneration = resource["status"]?["observedGeneration"].Deserialize<long?>();
        if (generation is not null && observedGeneration is not null && observedGeneration != generation)
        {
            return new KStatusResult(KStatusValue.InProgress,
                $"{(string?)resource["kind"]} generation is {generation}, but latest observed generation is {observedGeneration}");
        }

        foreach (var condition in resource["status"]?["conditions"]?.AsArray() ?? [])
        {
            var type = (string?)condition?["type"];
            var status = (string?)condition?["status"];
            if (type == "Reconciling" && status == "True")
            {
                return new KStatusResult(KStatusValue.InProgress, (string?)condition!["message"] ?? "");
            }
            if (type == "Stalled" && status == "True")
            {
                return new KStatusResult(KStatusValue.Failed, (string?)condition!["message"] ?? "");
            }
        }

        return new KStatusResult(KStatusValue.Current, "Resource is current");
    }
}
