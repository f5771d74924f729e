using IamOperator.Resources.Schema;
using k8s;
using k8s.Models;

namespace IamOperator.Resources.Crds;

/// <summary>
/// Writes the apiextensions.k8s.io/v1 CustomResourceDefinition of each kind from the schema the model
/// declares (<see cref="SchemaBuilder"/>): OpenAPI validation, CEL rules, status subresource, printer
/// columns, short names and the <c>iam</c> category. <c>iam-operator crds</c> writes them to config/crd/.
/// </summary>
public static class CrdGenerator
{
    public const string Header = "# Generated from the C# model (src/IamOperator.Resources) by `iam-operator crds`. Do not edit: change the model and regenerate.\n";

    public static IReadOnlyList<CrdFile> GenerateFiles() =>
        [.. KubernetesApiGroup.Kinds.Select(kind => new CrdFile(FileName(kind), Header + KubernetesYaml.Serialize(Generate(kind)).TrimEnd() + "\n"))];

    /// <summary>controller-gen's naming: group_plural.yaml.</summary>
    public static string FileName(CrdKind kind) => $"{KubernetesApiGroup.Group}_{kind.Plural}.yaml";

    public static V1CustomResourceDefinition Generate(CrdKind kind) => new()
    {
        ApiVersion = "apiextensions.k8s.io/v1",
        Kind = "CustomResourceDefinition",
        Metadata = new V1ObjectMeta { Name = kind.CrdName },
        Spec = new V1CustomResourceDefinitionSpec
        {
            Group = KubernetesApiGroup.Group,
            Scope = kind.Scope,
            Names = new V1CustomResourceDefinitionNames
            {
                Kind = kind.Kind,
                ListKind = kind.Kind + "List",
                Plural = kind.Plural,
                Singular = kind.Singular,
                ShortNames = [kind.ShortName],
                Categories = [KubernetesApiGroup.Category],
            },
            Versions =
            [
                new V1CustomResourceDefinitionVersion
                {
                    Name = KubernetesApiGroup.Version,
                    Served = true,
                    Storage = true,
                    Subresources = new V1CustomResourceSubresources { Status = new object() },
                    AdditionalPrinterColumns = PrinterColumns,
                    Schema = new V1CustomResourceValidation { OpenAPIV3Schema = ToOpenApi(SchemaBuilder.ForResource(kind.ResourceType), root: true) },
                },
            ],
        },
    };

    private static readonly List<V1CustomResourceColumnDefinition> PrinterColumns =
    [
        new() { Name = "Ready", Type = "string", JsonPath = ".status.conditions[?(@.type==\"Ready\")].status", Description = "Whether IAM matches the spec." },
        new() { Name = "Reason", Type = "string", JsonPath = ".status.conditions[?(@.type==\"Ready\")].reason", Description = "Why it is (not) ready.", Priority = 1 },
        new() { Name = "IAM Name", Type = "string", JsonPath = ".status.iamName", Description = "The name in IAM." },
        new() { Name = "ARN", Type = "string", JsonPath = ".status.arn", Description = "The entity's ARN." },
        new() { Name = "Age", Type = "date", JsonPath = ".metadata.creationTimestamp" },
    ];

    private static V1JSONSchemaProps ToOpenApi(SchemaNode node, bool root = false)
    {
        var props = new V1JSONSchemaProps
        {
            Type = node.Type,
            Description = node.Description,
            Format = node.Format,
            Pattern = node.Pattern,
            MinLength = node.MinLength,
            MaxLength = node.MaxLength,
            Minimum = node.Minimum,
            Maximum = node.Maximum,
            MinItems = node.MinItems,
            MaxItems = node.MaxItems,
            MaxProperties = node.MaxProperties,
            EnumProperty = node.Enum?.Cast<object>().ToList(),
            DefaultProperty = node.Default,
            Items = node.Items is { } items ? ToOpenApi(items) : null,
            AdditionalProperties = node.AdditionalProperties is { } values ? ToOpenApi(values) : null,
            XKubernetesPreserveUnknownFields = node.PreserveUnknownFields ? true : null,
            XKubernetesListType = node.ListType,
            XKubernetesListMapKeys = node.ListMapKeys?.ToList(),
            Required = node.Required.Count > 0 ? [.. node.Required] : null,
            XKubernetesValidations = node.Rules.Count > 0
                ? [.. node.Rules.Select(r => new V1ValidationRule { Rule = r.Cel, Message = r.Message, FieldPath = r.FieldPath is null ? null : "." + r.FieldPath })]
                : null,
        };
        if (node.Properties is { } properties)
        {
            props.Properties = properties.ToDictionary(
                p => p.Key,
                // The apiserver owns metadata's schema; a CRD may only say it is an object.
                p => root && p.Key == "metadata" ? new V1JSONSchemaProps { Type = "object" } : ToOpenApi(p.Value));
        }
        return props;
    }
}
