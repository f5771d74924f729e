using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using IamOperator.Resources.Rules;
using IamOperator.Resources.Schema;

namespace IamOperator.Resources;

/// <summary>A condition key's values in a simulated request (IAM API reference, ContextEntry).</summary>
[Description("A condition key and its values in the simulated request.")]
[ValidationRule(typeof(SingleValuedContextHasOneValue))]
public sealed class AccessCheckContextEntry
{
    /// <summary>The most values one key carries.</summary>
    public const int MaxValues = 50;

    /// <summary>The longest value.</summary>
    public const int ValueMaxLength = 1024;

    [Description("The condition key, e.g. aws:RequestedRegion or aws:PrincipalTag/team: 5 to 256 printable ASCII characters without spaces (ContextEntry ContextKeyName).")]
    [Required]
    [StringLength(256, MinimumLength = 5)]
    [RegularExpression(IamPatterns.ContextKeyName)]
    [JsonPropertyName("key")] public string Key { get; set; } = "";

    [Description("The key's type (ContextEntry ContextKeyType); default String. A type without 'List' takes exactly one value.")]
    [DefaultValue(nameof(AccessCheckContextKeyType.String))]
    [JsonPropertyName("type")] public AccessCheckContextKeyType Type { get; set; } = AccessCheckContextKeyType.String;

    [Description("The key's values, each up to 1024 characters; exactly one unless type is a List type.")]
    [Required]
    [MinLength(1)]
    [MaxLength(MaxValues)]
    [Items(Description = "A value of the condition key.", MaxLength = ValueMaxLength)]
    [JsonPropertyName("values")] public List<string> Values { get; set; } = [];
}
