namespace IamOperator.Cli;

/// <summary>What plan/apply were asked to do, parsed from the command line.</summary>
public sealed record FolderSettings(
    string Folder,
    bool Json,
    bool Embedded,
    Uri? IamEndpoint,
    string Region,
    double RequestsPerSecond,
    string OwnerId,
    int Concurrency = FolderOptions.DefaultConcurrency);
