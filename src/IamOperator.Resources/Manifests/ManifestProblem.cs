namespace IamOperator.Resources.Manifests;

/// <summary>
/// Why one manifest document was not loaded: the file, the document (1-based, counting non-empty
/// YAML documents) and line, the resource as far as it could be read, the field path and what is allowed.
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
        var where = Line is { } line ? $"{Source}:{line} (document {DocumentIndex})" : $"{Source} (document {DocumentIndex})";
        var what = Resource.Length > 0 ? $" {Resource}" : "";
        var field = FieldPath.Length > 0 ? $" {FieldPath}:" : "";
        return $"{where}{what}:{field} {Message}";
    }
}
