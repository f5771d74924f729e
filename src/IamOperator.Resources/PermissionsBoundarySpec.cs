using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using IamOperator.Resources.Rules;
using IamOperator.Resources.Schema;

namespace IamOperator.Resources;

/// <summary>The maximum permissions a user or role can have: a managed policy ARN or an IamPolicy.</summary>
[ValidationRule(typeof(BoundaryHasExactlyOneSource))]
public sealed class PermissionsBoundarySpec
{
    [Description("The ARN of the managed policy that bounds the permissions.")]
    [StringLength(IamLimits.ArnMaxLength, MinimumLength = IamLimits.ArnMinLength)]
    [RegularExpression(IamPatterns.ManagedPolicyArn)]
    [JsonPropertyName("policyArn")] public string? PolicyArn { get; set; }

    [Description("The IamPolicy that bounds the permissions.")]
    [JsonPropertyName("policyRef")] public ResourceRef? PolicyRef { get; set; }
}
