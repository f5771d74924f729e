using System.Reflection;
using System.Text.Json.Serialization;
using k8s.Models;

namespace IamOperator.Resources.Schema;

/// <summary>
/// <c>metadata</c>: the apiserver validates it itself (the CRD only says <c>type: object</c>), so this
/// node lets folder mode apply the same checks: known ObjectMeta fields only, name a DNS-1123
/// subdomain, namespace a DNS-1123 label, labels and annotations string maps.
/// </summary>
public static class MetadataSchema
{
    public static SchemaNode Node { get; } = Build();

    private static SchemaNode Build()
    {
        var properties = typeof(V1ObjectMeta).GetProperties()
            .Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name)
            .OfType<string>()
            .ToDictionary(name => name, _ => new SchemaNode { Type = "any", PreserveUnknownFields = true });
        properties["name"] = new SchemaNode
        {
            Type = "string", Description = "The resource name; also the IAM name unless spec.iamName is set.",
            Pattern = IamPatterns.DnsSubdomain, MaxLength = 253,
        };
        properties["namespace"] = new SchemaNode
        {
            Type = "string", Description = "The namespace; 'default' when absent.",
            Pattern = IamPatterns.DnsLabel, MaxLength = 63,
        };
        properties["labels"] = new SchemaNode { Type = "object", AdditionalProperties = new SchemaNode { Type = "string" } };
        properties["annotations"] = new SchemaNode { Type = "object", AdditionalProperties = new SchemaNode { Type = "string" } };
        return new SchemaNode
        {
            Type = "object",
            Description = "Standard object metadata.",
            Properties = properties,
            Required = ["name"],
        };
    }
}
