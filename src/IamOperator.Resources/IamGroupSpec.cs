using System.ComponentModel;
using System.Text.Json.Serialization;

namespace IamOperator.Resources;

/// <summary>The desired IAM group. No tags: IAM cannot tag groups.</summary>
public sealed class IamGroupSpec : IamEntitySpec
{
    [Description("The group's permissions: managed policies, IamPolicy references and inline policies. The operator makes IAM match exactly.")]
    [JsonPropertyName("permissions")] public PermissionsSpec? Permissions { get; set; }
}
