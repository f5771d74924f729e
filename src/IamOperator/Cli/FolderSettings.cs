namespace IamOperator.Cli;

/// <summary>
/// What plan/apply were asked to do, parsed from the command line. <see cref="Folder"/> describes the
/// sources for people (absolute paths, comma-separated); <see cref="Filenames"/> are the -f values as given.
/// </summary>
public sealed record FolderSettings(
    string Folder,
    bool Json,
    bool Embedded,
    Uri? IamEndpoint,
    string Region,
    double? RequestsPerSecond,
    string OwnerId,
    int Concurrency = FolderOptions.DefaultConcurrency)
{
    /// <summary>The -f values: files, folders, or - for standard input (default: <see cref="Folder"/> alone).</summary>
    public IReadOnlyList<string> Filenames { get; init; } = [Folder];

    /// <summary>-R: also read the subfolders of folders.</summary>
    public bool Recursive { get; init; }

    /// <summary>--credentials-dir: where IamUser credentials are kept as Secret manifests; null creates none.</summary>
    public string? CredentialsDirectory { get; init; }
}
