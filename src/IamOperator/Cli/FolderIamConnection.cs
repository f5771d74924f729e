using IamOperator.Iam;
using IamOperator.Iam.Emulator;
using Microsoft.Extensions.Logging;

namespace IamOperator.Cli;

/// <summary>
/// Where plan/apply send IAM calls: the in-process emulator (<c>--embedded</c>), an IAM-compatible
/// endpoint (<c>--iam-endpoint</c>), or real AWS IAM with the SDK's default credential chain.
/// </summary>
public sealed class FolderIamConnection : IAsyncDisposable
{
    private readonly IamEmulatorServer? emulator;

    private FolderIamConnection(IIamApi iam, string description, IamEmulatorServer? emulator)
    {
        Iam = iam;
        Description = description;
        this.emulator = emulator;
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
            var server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions { AccountId = EmbeddedAccountId }, 0, ct);
            var credential = EmulatorCredential.DocumentationExample;
            // The emulator does not throttle: no need to pace calls as for real IAM.
            var iam = IamClientFactory.Create(new IamClientOptions
            {
                Endpoint = server.Endpoint,
                Credentials = new StaticIamCredentials(credential.AccessKeyId, credential.SecretAccessKey),
                RequestsPerSecond = 10_000,
                Burst = 10_000,
            }, loggerFactory);
            return new FolderIamConnection(iam, $"embedded IAM emulator at {server.Endpoint} (account {EmbeddedAccountId}, fresh and empty for this run)", server);
        }
        var options = new IamClientOptions { SigningRegion = settings.Region, RequestsPerSecond = settings.RequestsPerSecond };
        if (settings.IamEndpoint is { } endpoint) options.Endpoint = endpoint;
        options.Burst = Math.Max(1, (int)Math.Ceiling(settings.RequestsPerSecond * 2));
        var client = IamClientFactory.Create(options, loggerFactory);
        return new FolderIamConnection(client, settings.IamEndpoint is null
            ? "AWS IAM (credentials from the AWS SDK default chain)"
            : $"IAM endpoint {settings.IamEndpoint} (credentials from the AWS SDK default chain)", null);
    }

    public async ValueTask DisposeAsync()
    {
        if (emulator is not null) await emulator.DisposeAsync();
    }
}
