using System.Text.Json.Serialization;
using k8s.Models;

namespace IamOperator.Resources;

/// <summary>What the operator observed and did; conditions follow kstatus (Ready, Reconciling, Stalled).</summary>
public sealed class IamResourceStatus
{
    [JsonPropertyName("observedGeneration")] public long? ObservedGeneration { get; set; }
    [JsonPropertyName("iamName")] public string? IamName { get; set; }
    [JsonPropertyName("arn")] public string? Arn { get; set; }
    /// <summary>IAM's unique id (AIDA…, AGPA…, AROA…, ANPA…).</summary>
    [JsonPropertyName("iamId")] public string? IamId { get; set; }
    [JsonPropertyName("instanceProfileArn")] public string? InstanceProfileArn { get; set; }
    [JsonPropertyName("defaultVersionId")] public string? DefaultVersionId { get; set; }
    [JsonPropertyName("conditions")] public List<V1Condition>? Conditions { get; set; }
    [JsonPropertyName("lastSyncTime")] public DateTime? LastSyncTime { get; set; }
    /// <summary>One line: what the last reconcile planned, e.g. "2 writes: AttachGroupPolicy, PutGroupPolicy".</summary>
    [JsonPropertyName("lastPlan")] public string? LastPlan { get; set; }
    /// <summary>Guardrail warnings and hygiene findings (old access keys, no MFA, direct user policies).</summary>
    [JsonPropertyName("warnings")] public List<string>? Warnings { get; set; }
}

public static class ConditionTypes
{
    public const string Ready = "Ready";
    public const string Reconciling = "Reconciling";
    public const string Stalled = "Stalled";
}
