using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using IamOperator.Resources.Rules;
using IamOperator.Resources.Schema;

namespace IamOperator.Resources;

/// <summary>Fields every kind has.</summary>
public abstract class IamEntitySpec
{
    /// <summary>The IAM name; defaults to metadata.name.</summary>
    [Description("The name in IAM; defaults to metadata.name. Letters, digits and + = , . @ _ - (users and roles up to 64 characters, groups and policies up to 128).")]
    [StringLength(IamLimits.LongNameMaxLength, MinimumLength = 1)]
    [RegularExpression(IamPatterns.IamName)]
    [JsonPropertyName("iamName")] public string? IamName { get; set; }

    /// <summary>The IAM path, starting and ending with '/'; defaults to "/".</summary>
    [Description("The IAM path, e.g. /teams/platform/: starts and ends with '/', printable ASCII without spaces, up to 512 characters; defaults to '/'.")]
    [StringLength(IamLimits.PathMaxLength, MinimumLength = 1)]
    [RegularExpression(IamPatterns.IamPath)]
    [JsonPropertyName("path")] public string? Path { get; set; }

    [Description("What happens to the IAM entity when this resource is deleted: Delete (default) removes it, with IAM's deletion prerequisites; Retain leaves it in IAM.")]
    [DefaultValue(nameof(DeletionPolicy.Delete))]
    [JsonPropertyName("deletionPolicy")] public DeletionPolicy DeletionPolicy { get; set; } = DeletionPolicy.Delete;

    [Description("What to do when the IAM entity already exists and was not created by this resource: Refuse (default) reports AlreadyExists and changes nothing; Adopt takes it over and makes it match this spec.")]
    [DefaultValue(nameof(AdoptionPolicy.Refuse))]
    [JsonPropertyName("adoptionPolicy")] public AdoptionPolicy AdoptionPolicy { get; set; } = AdoptionPolicy.Refuse;
}
