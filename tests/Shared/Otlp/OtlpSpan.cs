namespace IamOperator.Testing.Otlp;

/// <summary>A span as an OTLP/HTTP receiver decoded it (ids in lower-case hex, empty parent for a root span).</summary>
public sealed record OtlpSpan(
    string TraceId, string SpanId, string ParentSpanId, string Name, string Scope,
    IReadOnlyDictionary<string, object?> Attributes, IReadOnlyDictionary<string, object?> Resource)
{
    public bool IsRoot => ParentSpanId.Length == 0;

    public object? this[string attribute] => Attributes.GetValueOrDefault(attribute);
}
