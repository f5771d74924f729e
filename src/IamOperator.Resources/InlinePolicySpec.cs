using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace IamOperator.Resources;

/// <summary>A policy embedded in one user, group or role.</summary>
[Description("An inline policy.")]
public sealed class InlinePolicySpec
{
    [Description("The inline policy's name, unique within the entity: letters, digits and + = , . @ _ -, up to 128 characters.")]
    [Required]
    [StringLength(IamLimits.LongNameMaxLength, MinimumLength = 1)]
    [RegularExpression(IamPatterns.IamName)]
    [JsonPropertyName("name")] public string Name { get; set; } = "";

    /// <summary>The policy document as a structured object (not an escaped string).</summary>
    [Description("The policy document as a structured object (Version, Statement), not an escaped string.")]
    [Required]
    [JsonPropertyName("document")] public JsonElement Document { get; set; }
}
