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

    [JsonPropertyName("accessKey")] public AccessKeyStatusInfo? AccessKey { get; set; }

    [JsonPropertyName("consoleAccess")] public ConsoleAccessStatusInfo? ConsoleAccess { get; set; }
}

/// <summary>The user's access key as the operator manages it; never its secret.</summary>
[Description("The access key the operator keeps in spec.accessKey.secretRef (never the secret): its id, age and the next rotation.")]
public sealed class AccessKeyStatusInfo
{
    [Description("The Secret holding the key (remembered so that removing spec.accessKey can delete it).")]
    [JsonPropertyName("secretName")] public string? SecretName { get; set; }

    [Description("The id of the access key in the Secret (AKIA...). An access key id is not a secret.")]
    [JsonPropertyName("accessKeyId")] public string? AccessKeyId { get; set; }

    [Description("When IAM created the key in the Secret.")]
    [JsonPropertyName("createDate")] public DateTime? CreateDate { get; set; }

    [Description("The key's age in whole days when the operator last looked.")]
    [JsonPropertyName("ageDays")] public int? AgeDays { get; set; }

    [Description("When the operator creates the next key (createDate + rotateAfterDays).")]
    [JsonPropertyName("nextRotationTime")] public DateTime? NextRotationTime { get; set; }

    [Description("The previous key, still valid during the grace period after a rotation; deactivated and deleted at retireTime.")]
    [JsonPropertyName("previousAccessKeyId")] public string? PreviousAccessKeyId { get; set; }

    [Description("When the previous key is deactivated and deleted (the new key's createDate + graceDays).")]
    [JsonPropertyName("retireTime")] public DateTime? RetireTime { get; set; }
}

/// <summary>The user's console access as the operator manages it; never the password.</summary>
[Description("The console password the operator keeps in spec.consoleAccess.passwordSecretRef (never the password).")]
public sealed class ConsoleAccessStatusInfo
{
    [Description("The Secret holding username, password and signInUrl.")]
    [JsonPropertyName("secretName")] public string? SecretName { get; set; }

    [Description("When IAM created the login profile.")]
    [JsonPropertyName("loginProfileCreateDate")] public DateTime? LoginProfileCreateDate { get; set; }

    [Description("The value of the annotation iamoperator.dev/reset-password that the current password answers; a different value sets a new password.")]
    [JsonPropertyName("passwordResetHandled")] public string? PasswordResetHandled { get; set; }
}
