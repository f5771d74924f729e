using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;
using IamOperator.Resources.Rules;
using IamOperator.Resources.Schema;

namespace IamOperator.Resources;

/// <summary>The desired customer managed policy.</summary>
[ValidationRule(typeof(PolicyNameIsImmutable))]
[ValidationRule(typeof(PolicyPathIsImmutable))]
[ValidationRule(typeof(PolicyDescriptionIsImmutable))]
public sealed class IamPolicySpec : TaggableEntitySpec
{
    /// <summary>IAM cannot change a policy's description after creation, so it is immutable.</summary>
    [Description("A description of the policy, up to 1000 characters. Immutable: IAM cannot change it after creation.")]
    [StringLength(IamLimits.DescriptionMaxLength)]
    [RegularExpression(IamPatterns.Description)]
    [JsonPropertyName("description")] public string? Description { get; set; }

    [Description("The policy document as a structured object (Version, Statement), not an escaped string. A change becomes a new default policy version.")]
    [Required]
    [JsonPropertyName("document")] public JsonElement Document { get; set; }
}
