namespace IamOperator.Resources.Schema;

/// <summary>
/// One node of the OpenAPI v3 schema of a kind, derived from the C# model by <see cref="SchemaBuilder"/>:
/// the CRD is written from it and <see cref="SchemaValidator"/> checks manifests against it.
/// </summary>
public sealed record SchemaNode
{
    /// <summary>object, array, string, integer or boolean.</summary>
    public required string Type { get; init; }
    public string? Description { get; init; }
    public string? Format { get; init; }
    public string? Pattern { get; init; }
    public int? MinLength { get; init; }
    public int? MaxLength { get; init; }
    public long? Minimum { get; init; }
    public long? Maximum { get; init; }
    public int? MinItems { get; init; }
    public int? MaxItems { get; init; }
    public int? MaxProperties { get; init; }
    public IReadOnlyList<string>? Enum { get; init; }
    /// <summary>The value the apiserver fills in when the field is absent: a string, or a JSON-shaped object.</summary>
    public object? Default { get; init; }
    public IReadOnlyDictionary<string, SchemaNode>? Properties { get; init; }
    public IReadOnlyList<string> Required { get; init; } = [];
    public SchemaNode? Items { get; init; }
    public SchemaNode? AdditionalProperties { get; init; }
    /// <summary>Free-form JSON below this node (policy documents, and <c>metadata</c>, which the apiserver checks itself).</summary>
    public bool PreserveUnknownFields { get; init; }
    public string? ListType { get; init; }
    public IReadOnlyList<string>? ListMapKeys { get; init; }
    public IReadOnlyList<CrossFieldRule> Rules { get; init; } = [];
}
