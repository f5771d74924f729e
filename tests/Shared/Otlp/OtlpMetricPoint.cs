namespace IamOperator.Testing.Otlp;

/// <summary>One data point of an exported metric: a sum's or gauge's value, a histogram's count.</summary>
public sealed record OtlpMetricPoint(string Name, IReadOnlyDictionary<string, object?> Attributes, double Value, IReadOnlyDictionary<string, object?> Resource);
