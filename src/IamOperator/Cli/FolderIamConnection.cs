using IamOperator.Iam;
using IamOperator.Hosting;
using Microsoft.Extensions.Logging;

namespace IamOperator.Cli;

/// <summary>
/// Where plan/apply send IAM calls: the in-process emulator (<c>--embedded</c>), an IAM-compatible
/// endpoint (<c>--iam-endpoint</c>), or real AWS IAM with the SDK's default credential chain.
/// </summary>
public sealed class FolderIamConnection : IAsyncDisposable
{
    private readonly EmbeddedIam? embedded;

    private readonly IIamApi? preflight;
    private readonly Uri? endpoint;

    private FolderIamConnection(IIamApi iam, string description, EmbeddedIam? embedded, IIamApi? preflight = null, Uri? endpoint = null)
    {
        Iam = iam;
        Description = description;
        this.embedded = embedded;
        this.preflight = preflight;
        this.endpoint = endpoint;
    }

    public const string EmbeddedAccountId = "111122223333";

    public IIamApi Iam { get; }

    /// <summary>One line for people, e.g. "embedded IAM emulator at http://127.0.0.1:4711/".</summary>
    public string Description { get; }

    public static async Task<FolderIamConnection> OpenAsync(FolderSettings settings, ILoggerFactory loggerFactory, CancellationToken ct)
    {
        if (settings.Embedded)
        {
            // 111122223333 is the example account of the AWS documentation, and the one the samples' ARNs name.
            var account = await EmbeddedIam.StartAsync(loggerFactory: loggerFactory, accountId: EmbeddedAccountId, cancellationToken: ct);
            return new FolderIamConnection(account.Iam, $"embedded IAM emulator at {account.Emulator.Endpoint} (account {EmbeddedAccountId}, fresh and empty for this run)", account);
        }
        var options = new IamClientOptions { SigningRegion = settings.Region, RequestsPerSecond = settings.RequestsPerSecond };
        if (settings.IamEndpoint is { } endpoint) options.Endpoint = endpoint;
        options.Burst = Math.Max(1, (int)Math.Ceiling(settings.RequestsPerSecond * 2));
        var client = IamClientFactory.Create(options, loggerFactory);
        var preflight = IamClientFactory.Create(IamPreflight.QuickOptions(options), loggerFactory);
        return new FolderIamConnection(client, settings.IamEndpoint is null
            ? "AWS IAM (credentials from the AWS SDK default chain)"
            : $"IAM endpoint {settings.IamEndpoint} (credentials from the AWS SDK default chain)", null, preflight, options.Endpoint);
    }

    /// <summary>Null when IAM answers and accepts the credentials (always for the embedded emulator), else why the run cannot go on.</summary>
    public Task<IamPreflight.Failure?> CheckAsync(CancellationToken ct) =>
        preflight is null ? Task.FromResult<IamPreflight.Failure?>(null) : IamPreflight.CheckAsync(preflight, endpoint!, ct);

    public async ValueTask DisposeAsync()
    {
        if (embedded is not null) await embedded.DisposeAsync();
        (preflight as IDisposable)?.Dispose();
        (Iam as IDisposable)?.Dispose();
    }
}
