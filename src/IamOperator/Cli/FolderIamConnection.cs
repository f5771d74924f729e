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
    private IamPreflight.AccountRead? account;

    private FolderIamConnection(IIamApi iam, string description, EmbeddedIam? embedded, IamCallCounter counter,
        IIamApi? preflight = null, Uri? endpoint = null)
    {
        Iam = iam;
        Counter = counter;
        Description = description;
        this.embedded = embedded;
        this.preflight = preflight;
        this.endpoint = endpoint;
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
        // A ceiling allows two seconds' worth at once; without one the adaptive limiter finds IAM's rate.
        if (settings.RequestsPerSecond is { } ceiling) options.Burst = Math.Max(1, (int)Math.Ceiling(ceiling * 2));
        var client = IamClientFactory.Create(options, loggerFactory, meterFactory: counter);
        // The preflight's own client (short timeouts, few retries); its calls count against the budget like any other.
        var preflight = IamClientFactory.Create(IamPreflight.QuickOptions(options), loggerFactory, meterFactory: counter);
        return new FolderIamConnection(client, settings.IamEndpoint is null
            ? "AWS IAM (credentials from the AWS SDK default chain)"
            : $"IAM endpoint {settings.IamEndpoint} (credentials from the AWS SDK default chain)", null, counter, preflight, options.Endpoint);
    }

    /// <summary>
    /// The preflight, before the first resource: reads the account snapshot the run plans against
    /// (<see cref="IamPreflight.ReadAccountAsync"/>), so that proving IAM answers costs no call of its own.
    /// Null when the run may go on (always for the embedded emulator, whose account is read by the run itself), else why not.
    /// </summary>
    public async Task<IamPreflight.Failure?> PreflightAsync(AccountDetailsFilter filter, CancellationToken ct)
    {
        if (preflight is null) return null;
        account = await IamPreflight.ReadAccountAsync(preflight, filter, endpoint!, ct);
        return account.Failure;
    }

    /// <summary>
    /// The account's entities for the run: what the preflight read (or why IAM will not give them), else a read of
    /// its own with the run's patient client. Each call after the first reads IAM again.
    /// </summary>
    public Task<AccountAuthorizationDetails> ReadAccountAsync(AccountDetailsFilter filter, CancellationToken ct)
    {
        var read = Interlocked.Exchange(ref account, null);
        if (read?.Details is { } details) return Task.FromResult(details);
        if (read?.Unavailable is { } unavailable) return Task.FromException<AccountAuthorizationDetails>(unavailable);
        return Iam.GetAccountAuthorizationDetailsAsync(filter, ct);
    }

    /// <summary>Null when IAM answers and accepts the credentials (always for the embedded emulator), else why the run cannot go on.</summary>
    public Task<IamPreflight.Failure?> CheckAsync(CancellationToken ct) =>
        preflight is null ? Task.FromResult<IamPreflight.Failure?>(null) : IamPreflight.CheckAsync(preflight, endpoint!, ct);

    public async ValueTask DisposeAsync()
    {
        if (embedded is not null) await embedded.DisposeAsync();
        (preflight as IDisposable)?.Dispose();
        (Iam as IDisposable)?.Dispose();
        Counter.Dispose();
    }
}
