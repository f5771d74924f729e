namespace IamOperator.Iam.Emulator.Protocol;

/// <summary>The parts of an HTTP request that SigV4 signs, as received.</summary>
/// <param name="Method">HTTP method, e.g. POST.</param>
/// <param name="Path">The request path as sent (still percent-encoded).</param>
/// <param name="RawQuery">The query string without the leading '?', as sent.</param>
/// <param name="Headers">Header name → values (names case-insensitive).</param>
/// <param name="Body">The raw body bytes.</param>
internal sealed record SignedRequest(
    string Method,
    string Path,
    string RawQuery,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Headers,
    byte[] Body)
{
    public string? Header(string name) =>
        Headers.TryGetValue(name, out var values) && values.Count > 0 ? string.Join(",", values) : null;
}
