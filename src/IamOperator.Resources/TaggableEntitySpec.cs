using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using IamOperator.Resources.Rules;
using IamOperator.Resources.Schema;

namespace IamOperator.Resources;

/// <summary>Spec fields of the kinds IAM can tag (all but groups).</summary>
public abstract class TaggableEntitySpec : IamEntitySpec
{
    [Description("IAM tags, key to value: up to 50; keys 1-128 characters, not starting with 'aws:'; values up to 256 letters, digits, spaces and _ . : / = + - @. The operator adds its own ownership tag.")]
    [MaxLength(50)]
    [Items(MaxLength = 256, Pattern = IamPatterns.TagValue)]
    [ValidationRule(typeof(TagKeysFollowIam))]
    [JsonPropertyName("tags")] public Dictionary<string, string>? Tags { get; set; }
}
