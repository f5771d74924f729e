using System.ComponentModel;
using System.Text.Json.Serialization;
using IamOperator.Resources.Schema;
using k8s.Models;

namespace IamOperator.Resources;

/// <summary>What the operator observed and did; conditions follow kstatus (Ready, Reconciling, Stalled).</summary>
public sealed class IamResourceStatus
{
    [Description("The metadata.generation the operator last acted on.")]
    [JsonPropertyName("observedGeneration")] public long? ObservedGeneration { get; set; }

    [Description("The IAM name the entity has.")]
    [JsonPropertyName("iamName")] public string? IamName { get; set; }

    [Description("The entity's ARN.")]
    [JsonPropertyName("arn")] public string? Arn { get; set; }

    /// <summary>IAM's unique id (AIDA…, AGPA…, AROA…, ANPA…).</summary>
    [Description("IAM's unique id of the entity (AIDA..., AGPA..., AROA..., ANPA...).")]
    [JsonPropertyName("iamId")] public string? IamId { get; set; }

    [Description("The ARN of the role's instance profile, when it has one.")]
    [JsonPropertyName("instanceProfileArn")] public string? InstanceProfileArn { get; set; }

    [Description("The managed policy's default version id (v1, v2, ...).")]
    [JsonPropertyName("defaultVersionId")] public string? DefaultVersionId { get; set; }

    [Description("Ready, Reconciling and Stalled, following kstatus, with specific reasons.")]
    [ListType("map", "type")]
    [JsonPropertyName("conditions")] public List<V1Condition>? Conditions { get; set; }

    [Description("When IAM last matched the spec.")]
    [JsonPropertyName("lastSyncTime")] public DateTime? LastSyncTime { get; set; }

    /// <summary>One line: what the last reconcile planned, e.g. "2 writes: AttachGroupPolicy, PutGroupPolicy".</summary>
    [Description("One line: what the last reconcile planned, e.g. '2 writes: AttachGroupPolicy, PutGroupPolicy'.")]
    [JsonPropertyName("lastPlan")] public string? LastPlan { get; set; }

    /// <summary>Guardrail warnings and hygiene findings (old access keys, no MFA, direct user policies).</summary>
    [Description("Guardrail warnings and hygiene findings (old access keys, no MFA, direct user policies).")]
    [JsonPropertyName("warnings")] public List<string>? Warnings { get; set; }
}
