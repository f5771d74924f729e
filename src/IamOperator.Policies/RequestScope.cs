namespace IamOperator.Policies;

/// <summary>
/// One request's context during one evaluation: lookups by case-insensitive key, and the keys that were
/// asked for and absent.
/// </summary>
internal sealed class RequestScope
{
    private readonly Dictionary<string, IReadOnlyList<string>> context;
    private readonly SortedSet<string> missing = new(StringComparer.OrdinalIgnoreCase);

    public RequestScope(EvaluationRequest request)
    {
        context = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        // Keys that differ only in case are one IAM key: their values are pooled.
        foreach (var (key, values) in request.Context)
            context[key] = context.TryGetValue(key, out var earlier) ? [.. earlier, .. values] : values;
    }

    public IReadOnlyList<string> MissingKeys => [.. missing];

    /// <summary>The key's values; null (and the key noted as missing when <paramref name="report"/>) when the request has none.</summary>
    public IReadOnlyList<string>? Values(string key, bool report = true)
    {
        if (context.TryGetValue(key, out var values) && values.Count > 0) return values;
        if (report) missing.Add(key);
        return null;
    }

    public void ReportMissing(string key) => missing.Add(key);
}
