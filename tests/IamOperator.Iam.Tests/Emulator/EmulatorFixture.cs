using IamOperator.Iam.Emulator;

namespace IamOperator.Iam.Tests.Emulator;

/// <summary>One in-process IAM emulator on 127.0.0.1 per test class; tests use distinct names.</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public IamEmulatorServer Server { get; private set; } = null!;

    public static readonly StaticIamCredentials DocumentationExample =
        new(EmulatorCredential.DocumentationExample.AccessKeyId, EmulatorCredential.DocumentationExample.SecretAccessKey);

    public async Task InitializeAsync() => Server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions(), 0, CancellationToken.None);

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>Options for a client of this emulator: fast retries, its own generous rate limiter.</summary>
    public IamClientOptions Options(StaticIamCredentials? credentials = null) => new()
    {
        Endpoint = Server.Endpoint,
        Credentials = credentials ?? DocumentationExample,
        BaseDelay = TimeSpan.FromMilliseconds(20),
        MaxDelay = TimeSpan.FromMilliseconds(500),
        RequestsPerSecond = 1000,
        Burst = 1000,
    };

    public IamQueryClient Client(IamClientOptions? options = null)
    {
        options ??= Options();
        return new IamQueryClient(options, new SocketsHttpHandler(), new IamRateLimiter(options.RequestsPerSecond, options.Burst));
    }
}
