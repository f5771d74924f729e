using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using IamOperator.Iam;
using IamOperator.Iam.Emulator;

namespace IamOperator.Hosting;

/// <summary>
/// A fresh emulated IAM account on 127.0.0.1 and a client signed with its credentials: what
/// <c>apply --embedded</c>, the end-to-end tests and the benchmarks run against.
/// </summary>
public sealed class EmbeddedIam : IAsyncDisposable
{
    private EmbeddedIam(IamEmulatorServer emulator, IIamApi iam)
    {
        Emulator = emulator;
        Iam = iam;
    }

    public IamEmulatorServer Emulator { get; }
    public IIamApi Iam { get; }
    public EmulatorStatistics Statistics => Emulator.Statistics;

    /// <summary>The emulator does not throttle by default, so the client is not paced as for real IAM unless asked.</summary>
    public static async Task<EmbeddedIam> StartAsync(
        double requestsPerSecond = 10_000, int burst = 10_000, Action<IamClientOptions>? configure = null, ILoggerFactory? loggerFactory = null,
        string? accountId = null, CancellationToken cancellationToken = default, IMeterFactory? meterFactory = null)
    {
        var emulatorOptions = accountId is null ? new IamEmulatorOptions() : new IamEmulatorOptions { AccountId = accountId };
        var emulator = await IamEmulatorServer.StartAsync(emulatorOptions, 0, cancellationToken);
        var credential = EmulatorCredential.DocumentationExample;
        var options = new IamClientOptions
        {
            Endpoint = emulator.Endpoint,
            Credentials = new StaticIamCredentials(credential.AccessKeyId, credential.SecretAccessKey),
            RequestsPerSecond = requestsPerSecond,
            Burst = burst,
        };
        configure?.Invoke(options);
        var iam = IamClientFactory.Create(options, loggerFactory, meterFactory: meterFactory);
        return new EmbeddedIam(emulator, iam);
    }

    /// <summary>Calls per action since the last reset, most frequent first, as "Action n" cells.</summary>
    public string CallsByAction() => string.Join(", ", Statistics.CallsByAction.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}"));

    public async ValueTask DisposeAsync() => await Emulator.DisposeAsync();
}
