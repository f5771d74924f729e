namespace IamOperator.Testing.Otlp;

/// <summary>An exported log record: its category (the scope), severity, body and the span it was written in.</summary>
public sealed record OtlpLogRecord(string Category, string Severity, string Body, string TraceId, string SpanId, IReadOnlyDictionary<string, object?> Resource)
{
    /// <summary>The record's attributes (a structured log's named values).</summary>
    public IReadOnlyDictionary<string, object?> Attributes { get; init; } = new Dictionary<string, object?>();
}
