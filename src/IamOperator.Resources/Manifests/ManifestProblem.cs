namespace IamOperator.Resources.Manifests;

/// <summary>
/// Why one manifest document, or a whole path, was not loaded: the file, the document (1-based,
/// counting non-empty YAML documents; 0 for a problem of the whole path, e.g. a file that cannot be
/// read) and line, the resource as far as it could be read, the field path and what is allowed.
/// </summary>
public sealed record ManifestProblem(
    string Source,
    int DocumentIndex,
    int? Line,
    string? Kind,
    string? Namespace,
    string? Name,
    string FieldPath,
    string Message)
{
    /// <summary>"kind namespace/name", or as much of it as is known.</summary>
    public string Resource =>
        string.Join(' ', new[] { Kind, Name is null ? null : $"{Namespace ?? ManifestLoader.DefaultNamespace}/{Name}" }.Where(s => s is not null));

    public override string ToString()
    {
        var document = DocumentIndex > 0 ? $" (document {DocumentIndex})" : "";
        var where = Line is { } line ? $"{Source}:{line}{document}" : $"{Source}{document}";
        var what = Resource.Length > 0 ? $" {Resource}" : "";
        var field = FieldPath.Length > 0 ? $" {FieldPath}:" : "";
        return $"{where}{what}:{field} {Message}";
    }
}
