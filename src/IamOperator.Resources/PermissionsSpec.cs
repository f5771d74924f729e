using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using IamOperator.Resources.Rules;
using IamOperator.Resources.Schema;

namespace IamOperator.Resources;

/// <summary>Where a user, group or role gets its permissions.</summary>
[ValidationRule(typeof(ManagedPoliciesWithinQuota))]
public sealed class PermissionsSpec
{
    /// <summary>ARNs of managed policies (AWS managed or existing customer managed).</summary>
    [Description("ARNs of managed policies to attach: AWS managed (arn:aws:iam::aws:policy/ReadOnlyAccess) or existing customer managed. IAM allows 10 attached policies per entity by default, 20 at most.")]
    [MaxLength(IamLimits.ManagedPoliciesPerEntity)]
    [ListType("set")]
    [Items(Description = "A managed policy ARN.", MinLength = IamLimits.ArnMinLength, MaxLength = IamLimits.ArnMaxLength, Pattern = IamPatterns.ManagedPolicyArn)]
    [JsonPropertyName("managedPolicyArns")] public List<string>? ManagedPolicyArns { get; set; }

    /// <summary>IamPolicy resources (same namespace unless namespace is given).</summary>
    [Description("IamPolicy resources to attach (same namespace unless namespace is given).")]
    [MaxLength(IamLimits.ManagedPoliciesPerEntity)]
    [JsonPropertyName("policyRefs")] public List<ResourceRef>? PolicyRefs { get; set; }

    [Description("Inline policies embedded in the entity, each with a unique name.")]
    [MaxLength(50)]
    [ListType("map", "name")]
    [JsonPropertyName("inlinePolicies")] public List<InlinePolicySpec>? InlinePolicies { get; set; }
}
