using IamOperator.Iam;
using IamOperator.Iam.Emulator;

namespace IamOperator.Benchmarks;

/// <summary>
/// A fresh emulated account and a client to it, configured as <c>apply --embedded</c> configures them
/// (FolderIamConnection), but keeping hold of the emulator so its call statistics can be read.
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

    public static async Task<EmbeddedIam> StartAsync(double requestsPerSecond = 10_000, int burst = 10_000)
    {
        var emulator = await IamEmulatorServer.StartAsync(new IamEmulatorOptions(), 0);
        var credential = EmulatorCredential.DocumentationExample;
        var iam = IamClientFactory.Create(new IamClientOptions
        {
            Endpoint = emulator.Endpoint,
            Credentials = new StaticIamCredentials(credential.AccessKeyId, credential.SecretAccessKey),
            RequestsPerSecond = requestsPerSecond,
            Burst = burst,
        });
        return new EmbeddedIam(emulator, iam);
    }

    /// <summary>Calls per action since the last reset, most frequent first, as "Action n" cells.</summary>
    public string CallsByAction() => string.Join(", ", Statistics.CallsByAction.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}"));

    public async ValueTask DisposeAsync() => await Emulator.DisposeAsync();
}
