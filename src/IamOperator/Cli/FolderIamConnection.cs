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

    private FolderIamConnection(IIamApi iam, string description, EmbeddedIam? embedded, IamCallCounter counter)
    {
        Iam = iam;
        Counter = counter;
        Description = description;
        this.embedded = embedded;
    }

    public const string EmbeddedAccountId = "111122223333";

    public IIamApi Iam { get; }

    /// <summary>The IAM calls this connection made, for the run's closing "N IAM call(s), M write(s)".</summary>
    public IamCallCounter Counter { get; }

    /// <summary>One line for people, e.g. "embedded IAM emulator at http://127.0.0.1:4711/".</summary>
    public string Description { get; }

    public static async Task<FolderIamConnection> OpenAsync(FolderSettings settings, ILoggerFactory loggerFactory, CancellationToken ct)
    {
        var counter = new IamCallCounter();
        if (settings.Embedded)
        {
            // 111122223333 is the example account of the AWS documentation, and the one the samples' ARNs name.
            var account = await EmbeddedIam.StartAsync(loggerFactory: loggerFactory, accountId: EmbeddedAccountId, cancellationToken: ct, meterFactory: counter);
            return new FolderIamConnection(account.Iam, $"embedded IAM emulator at {account.Emulator.Endpoint} (account {EmbeddedAccountId}, fresh and empty for this run)", account, counter);
        }
        var options = new IamClientOptions { SigningRegion = settings.Region, RequestsPerSecond = settings.RequestsPerSecond };
        if (settings.IamEndpoint is { } endpoint) options.Endpoint = endpoint;
        options.Burst = Math.Max(1, (int)Math.Ceiling(settings.RequestsPerSecond * 2));
        var client = IamClientFactory.Create(options, loggerFactory, meterFactory: counter);
        return new FolderIamConnection(client, settings.IamEndpoint is null
            ? "AWS IAM (credentials from the AWS SDK default chain)"
            : $"IAM endpoint {settings.IamEndpoint} (credentials from the AWS SDK default chain)", null, counter);
    }

    public async ValueTask DisposeAsync()
    {
        if (embedded is not null) await embedded.DisposeAsync();
        Counter.Dispose();
    }
}
