using System.Text.Json.Serialization;

namespace IamOperator.Resources;

/// <summary>An IAM group: users get their permissions through groups.</summary>
public sealed class IamGroup : IamResource<IamGroupSpec>
{
    public const string KindName = "IamGroup";
    public const string Plural = "iamgroups";
    public IamGroup() => Kind = KindName;
}

public sealed class IamGroupSpec : IamEntitySpec
{
    [JsonPropertyName("permissions")] public PermissionsSpec? Permissions { get; set; }
}
