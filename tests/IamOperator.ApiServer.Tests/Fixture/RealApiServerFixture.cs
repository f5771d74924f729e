namespace IamOperator.ApiServer.Tests.Fixture;

/// <summary>
/// One real API server for the whole test run. When its binaries are missing it does not start;
/// tests are then skipped locally by <see cref="RealApiServerFactAttribute"/>, and under CI they
/// fail on <see cref="Server"/> with the reason.
/// </summary>
public sealed class RealApiServerFixture : IAsyncLifetime
{
    private RealApiServer? _server;
    private Exception? _startFailure;

    public RealApiServer Server => _server
        ?? throw new InvalidOperationException("the real API server did not start", _startFailure);

    public async Task InitializeAsync()
    {
        var options = new RealApiServerOptions { MinRequestTimeout = TimeSpan.FromSeconds(4) };
        if (options.Binaries.MissingReason is { } reason)
        {
            _startFailure = new InvalidOperationException(reason);
            return;
        }

        try
        {
            _server = await RealApiServer.StartAsync(options);
        }
        catch (Exception e)
        {
            _startFailure = e;
        }
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
