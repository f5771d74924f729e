namespace IamOperator.Resources.Manifests;

/// <summary>
/// How much one manifest file or document may ask of the loader. The CLI reads pull-request content
/// in CI, so every limit bounds memory or stack before the work that would need it; a document over a
/// limit is one problem of that document and the others still load. docs/resources.md says why each
/// limit is what it is.
/// </summary>
public static class ManifestLimits
{
    /// <summary>
    /// UTF-8 bytes of one document's text, and of its keys, values and field paths once its aliases are
    /// expanded: the apiserver's request body limit (MaxRequestBodyBytes, 3 MiB), the largest object
    /// the cluster accepts. A manifest of the four kinds is a few kilobytes.
    /// </summary>
    public const int MaxDocumentBytes = 3 * 1024 * 1024;

    /// <summary>Bytes of one file (or of standard input), read at most this far: ten full-size documents.</summary>
    public const long MaxFileBytes = 32 * 1024 * 1024;

    /// <summary>
    /// Nesting of mappings and lists in one document, counted from the document root. The deepest field
    /// of the four kinds (the values of a condition key in an inline policy) is 11 levels deep; 32 stays
    /// well below System.Text.Json's default of 64, so no later step can exceed its depth.
    /// </summary>
    public const int MaxDepth = 32;

    /// <summary>
    /// Mappings, lists and scalars of one document after alias expansion. A policy at IAM's largest
    /// size (10,240 characters) has a few thousand; this bounds what one document can cost in memory.
    /// </summary>
    public const int MaxNodes = 100_000;

    /// <summary>Alias references (<c>*name</c>) in one document.</summary>
    public const int MaxAliases = 1_000;

    public static string Describe(long bytes) => bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MiB" : $"{bytes} bytes";
}
