using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace IamOperator.Resources;

/// <summary>One Kubernetes service account.</summary>
[Description("A Kubernetes service account.")]
public sealed class ServiceAccountRef
{
    [Description("The service account's namespace.")]
    [Required]
    [StringLength(63, MinimumLength = 1)]
    [RegularExpression(IamPatterns.DnsLabel)]
    [JsonPropertyName("namespace")] public string Namespace { get; set; } = "";

    [Description("The service account's name.")]
    [Required]
    [StringLength(253, MinimumLength = 1)]
    [RegularExpression(IamPatterns.DnsSubdomain)]
    [JsonPropertyName("name")] public string Name { get; set; } = "";
}
