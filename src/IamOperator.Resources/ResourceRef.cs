using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace IamOperator.Resources;

/// <summary>A reference to another resource of this API group by metadata.name.</summary>
[Description("A reference to another resource of this API group.")]
public sealed class ResourceRef
{
    [Description("The referenced resource's metadata.name.")]
    [Required]
    [StringLength(253, MinimumLength = 1)]
    [RegularExpression(IamPatterns.DnsSubdomain)]
    [JsonPropertyName("name")] public string Name { get; set; } = "";

    [Description("The referenced resource's namespace; defaults to this resource's namespace.")]
    [StringLength(63, MinimumLength = 1)]
    [RegularExpression(IamPatterns.DnsLabel)]
    [JsonPropertyName("namespace")] public string? Namespace { get; set; }
}
