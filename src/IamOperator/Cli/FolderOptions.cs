using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using IamOperator.Resources.Manifests;

namespace IamOperator.Cli;

/// <summary>The options plan and apply share, and their parsing into <see cref="FolderSettings"/>.</summary>
public sealed partial class FolderOptions
{
    // kubectl's -f forms: a file, a folder (its *.yaml, *.yml and *.json; subfolders with -R), - for standard input, repeatable.
    public Option<string[]> Filenames { get; } = new("--filename", "-f")
    {
        Description = "A manifest file, a folder of manifests (*.yaml, *.yml, *.json; subfolders with -R), or - for standard input; "
            + "repeat -f for several. Multi-document YAML.",
        Required = true,
        Arity = ArgumentArity.OneOrMore,
    };
    public Option<bool> Recursive { get; } = new("--recursive", "-R") { Description = "Also read the subfolders of folders given with -f, as kubectl -R." };
    public Option<string> Output { get; } = new("--output", "-o")
    {
        Description = "Output format: text (for people) or json (for CI pipelines).",
        DefaultValueFactory = _ => "text",
    };
    public Option<bool> Embedded { get; } = new("--embedded") { Description = "Run against an in-process IAM emulator (a fresh, empty account)." };
    public Option<string?> IamEndpoint { get; } = new("--iam-endpoint") { Description = "An IAM-compatible endpoint URL instead of AWS IAM; credentials from the AWS SDK default chain." };
    public Option<string> Region { get; } = new("--region") { Description = "SigV4 signing region of the IAM endpoint.", DefaultValueFactory = _ => "us-east-1" };
    public Option<double?> RequestsPerSecond { get; } = new("--iam-requests-per-second")
    {
        Description = "Ceiling on IAM calls per second; without it the rate adapts to IAM's throttling (IAM's budget is per account and unpublished).",
    };
    public Option<string?> OwnerId { get; } = new("--owner-id")
    {
        Description = "Owner id written into owner tags (default: 'folder-' + a hash of the absolute -f paths). Use a fixed id in CI, where checkout paths vary.",
    };

    /// <summary>
    /// Eight resources in flight hide most of IAM's 100-250 ms latency outside us-east-1, while the
    /// client's rate limiter (--iam-requests-per-second) still paces the calls for the account's budget.
    /// </summary>
    public const int DefaultConcurrency = 8;

    /// <summary>More gains nothing: the account-wide rate limit, not latency, bounds the pace well before.</summary>
    public const int MaxConcurrency = 64;

    public Option<int> Concurrency { get; } = new("--concurrency")
    {
        Description = $"Resources reconciled at once within one level (policies, then groups, then users and roles), 1 to {MaxConcurrency}.",
        DefaultValueFactory = _ => DefaultConcurrency,
    };

    public Option<string?> CredentialsDir { get; } = new("--credentials-dir")
    {
        Description = "Keep IamUser credentials (spec.accessKey, spec.consoleAccess) here, each as a Kubernetes Secret manifest "
            + "<namespace>.<secret name>.yaml (mode 0600). Without it no credential is created, and the plan says so per user.",
    };

    public void AddTo(Command command)
    {
        Output.AcceptOnlyFromAmong("text", "json");
        foreach (var option in new Option[] { Filenames, Recursive, Output, Embedded, IamEndpoint, Region, RequestsPerSecond, OwnerId, Concurrency, CredentialsDir }) command.Options.Add(option);
        command.Validators.Add(result =>
        {
            if (result.GetValue(Embedded) && result.GetValue(IamEndpoint) is not null)
                result.AddError("--embedded and --iam-endpoint exclude each other: pick one IAM.");
            if (result.GetValue(IamEndpoint) is { } url && ParseEndpoint(url) is null)
                result.AddError($"--iam-endpoint must be an absolute http(s) URL, got '{url}'.");
            if (result.GetValue(RequestsPerSecond) is { } ceiling && !(ceiling > 0 && double.IsFinite(ceiling)))
                result.AddError("--iam-requests-per-second must be a positive number.");
            if (result.GetResult(Concurrency) is { Implicit: false } && result.GetValue(Concurrency) is < 1 or > MaxConcurrency)
                result.AddError($"--concurrency must be a whole number from 1 to {MaxConcurrency}, got {result.GetValue(Concurrency)}.");
            if (result.GetValue(OwnerId) is { } owner && !OwnerIdPattern().IsMatch(owner))
                result.AddError($"--owner-id '{owner}' must be 1 to 64 letters, digits and _.:=+-@ (no '/': it separates owner, namespace and name in owner tags).");
        });
    }

    public FolderSettings Parse(ParseResult result)
    {
        var filenames = result.GetValue(Filenames)!;
        var described = filenames.Select(f => f == ManifestLoader.StandardInputPath ? ManifestLoader.StandardInputName : Path.GetFullPath(f)).ToList();
        return new FolderSettings(
            string.Join(", ", described),
            result.GetValue(Output) == "json",
            result.GetValue(Embedded),
            result.GetValue(IamEndpoint) is { } url ? ParseEndpoint(url) : null,
            result.GetValue(Region)!,
            result.GetValue(RequestsPerSecond),
            result.GetValue(OwnerId) ?? DefaultOwnerId(described),
            result.GetValue(Concurrency))
        {
            Filenames = filenames,
            Recursive = result.GetValue(Recursive),
            CredentialsDirectory = result.GetValue(CredentialsDir) is { Length: > 0 } directory ? Path.GetFullPath(directory) : null,
        };
    }

    private static Uri? ParseEndpoint(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null;

    /// <summary>'folder-' + the first 12 hex digits of SHA-256 of the absolute folder path (no trailing separator).</summary>
    public static string DefaultOwnerId(string folder) => DefaultOwnerId([folder]);

    /// <summary>
    /// For several -f: the same over their absolute paths (STDIN as is), one a line, in the order given;
    /// one path gives what <see cref="DefaultOwnerId(string)"/> gives, so owner tags of earlier runs stay ours.
    /// </summary>
    public static string DefaultOwnerId(IReadOnlyList<string> paths)
    {
        var text = string.Join('\n', paths.Select(p => p == ManifestLoader.StandardInputName ? p : Path.TrimEndingDirectorySeparator(Path.GetFullPath(p))));
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return "folder-" + Convert.ToHexStringLower(hash)[..12];
    }

    [GeneratedRegex(@"^[\p{L}\p{N}_.:=+\-@]{1,64}$")]
    private static partial Regex OwnerIdPattern();
}
