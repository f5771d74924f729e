using System.ComponentModel;
using System.Text.Json.Serialization;

namespace IamOperator.Resources;

/// <summary>Whether the role has an instance profile of the same name.</summary>
public sealed class InstanceProfileSpec
{
    [Description("true keeps an instance profile of the same name holding the role, false keeps none; default: true exactly when trust.services includes ec2.amazonaws.com.")]
    [JsonPropertyName("enabled")] public bool? Enabled { get; set; }
}
