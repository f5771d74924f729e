using System.Text.Json.Serialization;

namespace IamOperator.Resources;

/// <summary>An IAM user for one person.</summary>
public sealed class IamUser : IamResource<IamUserSpec>
{
    public const string KindName = "IamUser";
    public const string Plural = "iamusers";
    public IamUser() => Kind = KindName;
}

public sealed class IamUserSpec : TaggableEntitySpec
{
    /// <summary>IamGroup resources this user belongs to.</summary>
    [JsonPropertyName("groupRefs")] public List<ResourceRef>? GroupRefs { get; set; }
    /// <summary>IAM groups by IAM name (groups not managed by this operator).</summary>
    [JsonPropertyName("groupNames")] public List<string>? GroupNames { get; set; }
    /// <summary>Direct permissions; best practice is groups, so the operator warns when these are used.</summary>
    [JsonPropertyName("permissions")] public PermissionsSpec? Permissions { get; set; }
    [JsonPropertyName("permissionsBoundary")] public PermissionsBoundarySpec? PermissionsBoundary { get; set; }
    /// <summary>Access keys older than this are reported in status (rotation); default 90 days.</summary>
    [JsonPropertyName("accessKeyMaxAgeDays")] public int? AccessKeyMaxAgeDays { get; set; }
    /// <summary>Report a user without an MFA device in status; default true.</summary>
    [JsonPropertyName("requireMfa")] public bool? RequireMfa { get; set; }
}
