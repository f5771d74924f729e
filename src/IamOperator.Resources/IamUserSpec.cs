using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using IamOperator.Resources.Rules;
using IamOperator.Resources.Schema;

namespace IamOperator.Resources;

/// <summary>The desired IAM user.</summary>
[ValidationRule(typeof(GroupsPerUserWithinQuota))]
public sealed class IamUserSpec : TaggableEntitySpec
{
    /// <summary>IamGroup resources this user belongs to.</summary>
    [Description("IamGroup resources this user belongs to (IAM allows 10 groups per user in all).")]
    [MaxLength(IamLimits.GroupsPerUser)]
    [JsonPropertyName("groupRefs")] public List<ResourceRef>? GroupRefs { get; set; }

    /// <summary>IAM groups by IAM name (groups not managed by this operator).</summary>
    [Description("IAM groups by IAM name, for groups not managed by this operator.")]
    [MaxLength(IamLimits.GroupsPerUser)]
    [ListType("set")]
    [Items(Description = "An IAM group name.", MinLength = 1, MaxLength = IamLimits.LongNameMaxLength, Pattern = IamPatterns.IamName)]
    [JsonPropertyName("groupNames")] public List<string>? GroupNames { get; set; }

    /// <summary>Direct permissions; best practice is groups, so the operator warns when these are used.</summary>
    [Description("Direct permissions of the user. Best practice is to grant permissions through groups, so the operator warns when these are used.")]
    [JsonPropertyName("permissions")] public PermissionsSpec? Permissions { get; set; }

    [Description("The maximum permissions the user can have: a managed policy ARN or an IamPolicy.")]
    [JsonPropertyName("permissionsBoundary")] public PermissionsBoundarySpec? PermissionsBoundary { get; set; }

    /// <summary>Access keys older than this are reported in status (rotation); default 90 days.</summary>
    [Description("Access keys older than this many days are reported in status.warnings so they get rotated; default 90.")]
    [Range(1, 3650)]
    [JsonPropertyName("accessKeyMaxAgeDays")] public int? AccessKeyMaxAgeDays { get; set; }

    /// <summary>Report a user without an MFA device in status; default true.</summary>
    [Description("Report in status.warnings when the user has no MFA device; default true.")]
    [JsonPropertyName("requireMfa")] public bool? RequireMfa { get; set; }

    [Description("What the user must and must not be allowed to do, as IAM's policy simulator decides it (SimulatePrincipalPolicy): plan judges them against the planned policies, apply and the operator verify them with IAM after changes. Up to 100 checks.")]
    [MaxLength(AccessCheckSpec.MaxPerResource)]
    [JsonPropertyName("accessChecks")] public List<AccessCheckSpec>? AccessChecks { get; set; }

    [JsonPropertyName("consoleAccess")] public ConsoleAccessSpec? ConsoleAccess { get; set; }

    [JsonPropertyName("accessKey")] public AccessKeySpec? AccessKey { get; set; }
}
