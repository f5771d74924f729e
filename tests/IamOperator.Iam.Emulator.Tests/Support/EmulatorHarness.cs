namespace IamOperator.Iam.Emulator.Tests.Support;

/// <summary>A running emulator on a free port and a client signed with its default credentials.</summary>
public sealed class EmulatorHarness : IAsyncDisposable
{
    private EmulatorHarness(IamEmulatorServer server, SigningIamClient client)
    {
        Server = server;
        Client = client;
    }

    public IamEmulatorServer Server { get; }

    public SigningIamClient Client { get; }

    public static async Task<EmulatorHarness> StartAsync(IamEmulatorOptions? options = null, Func<DateTime>? signingClock = null)
    {
        options ??= new IamEmulatorOptions();
        var server = await IamEmulatorServer.StartAsync(options);
        return new EmulatorHarness(server, new SigningIamClient(server.Endpoint, options.Credentials[0], signingClock));
    }

    public Task<IamResponse> CallAsync(string action, params (string Name, string Value)[] parameters) => Client.CallAsync(action, parameters);

    public async Task<IamResponse> OkAsync(string action, params (string Name, string Value)[] parameters) =>
        (await Client.CallAsync(action, parameters)).EnsureSuccess();

    public SigningIamClient ClientFor(EmulatorCredential credential) => new(Server.Endpoint, credential);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
