namespace IamOperator.ApiServer.Tests.Fixture;

/// <summary>
/// One real API server for the whole test run. When its binaries are missing it does not start;
/// tests are then skipped locally by <see cref="RealApiServerFactAttribute"/>, and under CI they
/// fail on <see cref="Server"/> with the reason.
/// </summary>
public sealed class RealApiServerFixture : IAsyncLifetime
{
    private RealApiServer? server;
    private Exception? startFailure;

    public RealApiServer Server => server
        ?? throw new InvalidOperationException("the real API server did not start", startFailure);

    public async Task InitializeAsync()
    {
        var options = new RealApiServerOptions { MinRequestTimeout = TimeSpan.FromSeconds(4) };
        if (options.Binaries.MissingReason is { } reason)
        {
            startFailure = new InvalidOperationException(reason);
            return;
        }

        try
        {
            server = await RealApiServer.StartAsync(options);
        }
        catch (Exception e)
        {
            startFailure = e;
        }
    }

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
