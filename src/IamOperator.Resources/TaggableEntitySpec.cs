using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using IamOperator.Resources.Rules;
using IamOperator.Resources.Schema;

namespace IamOperator.Resources;

/// <summary>Spec fields of the kinds IAM can tag (all but groups).</summary>
public abstract class TaggableEntitySpec : IamEntitySpec
{
    /// <summary>IAM allows 50 tags per entity; the operator's owner tag takes one.</summary>
    public const int MaxDeclaredTags = IamLimits.TagsPerEntity - 1;

    [Description("IAM tags, key to value: up to 49 (IAM allows 50; the operator adds its owner tag iamoperator.dev/owner, a reserved key); keys 1-128 characters, not starting with 'aws:' in any case; values up to 256 letters, digits, spaces and _ . : / = + - @.")]
    [MaxLength(MaxDeclaredTags)]
    [Items(MaxLength = IamLimits.TagValueMaxLength, Pattern = IamPatterns.TagValue)]
    [ValidationRule(typeof(TagKeysFollowIam))]
    [JsonPropertyName("tags")] public Dictionary<string, string>? Tags { get; set; }
}
