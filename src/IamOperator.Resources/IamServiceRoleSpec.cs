using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using IamOperator.Resources.Rules;
using IamOperator.Resources.Schema;

namespace IamOperator.Resources;

/// <summary>The desired IAM role.</summary>
[ValidationRule(typeof(RoleNameIsImmutable))]
[ValidationRule(typeof(RolePathIsImmutable))]
public sealed class IamServiceRoleSpec : TaggableEntitySpec
{
    [Description("Who may assume the role: exactly one of services, serviceAccounts or document.")]
    [Required]
    [JsonPropertyName("trust")] public TrustSpec Trust { get; set; } = new();

    [Description("A description of the role, up to 1000 characters.")]
    [StringLength(IamLimits.DescriptionMaxLength)]
    [RegularExpression(IamPatterns.Description)]
    [JsonPropertyName("description")] public string? Description { get; set; }

    /// <summary>3600 to 43200 seconds; IAM's default is 3600.</summary>
    [Description("The longest session, in seconds, that assuming the role gives: 3600 to 43200; IAM's default is 3600.")]
    [Range(IamLimits.MinSessionDurationSeconds, IamLimits.MaxSessionDurationSeconds)]
    [JsonPropertyName("maxSessionDurationSeconds")] public int? MaxSessionDurationSeconds { get; set; }

    [Description("The role's permissions: managed policies, IamPolicy references and inline policies. The operator makes IAM match exactly.")]
    [JsonPropertyName("permissions")] public PermissionsSpec? Permissions { get; set; }

    [Description("The maximum permissions the role can have: a managed policy ARN or an IamPolicy.")]
    [JsonPropertyName("permissionsBoundary")] public PermissionsBoundarySpec? PermissionsBoundary { get; set; }

    /// <summary>Whether an instance profile of the same name is kept; default: when ec2.amazonaws.com is trusted.</summary>
    [Description("The instance profile of the same name that lets EC2 instances use the role; by default there is one exactly when trust.services includes ec2.amazonaws.com.")]
    [JsonPropertyName("instanceProfile")] public InstanceProfileSpec? InstanceProfile { get; set; }

    [Description("What the role must and must not be allowed to do, as IAM's policy simulator decides it (SimulatePrincipalPolicy): plan judges them against the planned policies, apply and the operator verify them with IAM after changes. Up to 100 checks.")]
    [MaxLength(AccessCheckSpec.MaxPerResource)]
    [JsonPropertyName("accessChecks")] public List<AccessCheckSpec>? AccessChecks { get; set; }
}
