using IamOperator.ApiServer.Tests.Fixture;
using IamOperator.Controllers;
using k8s;

namespace IamOperator.ApiServer.Tests.Runtime;

/// <summary>
/// A test of the controller runtime on the shared real server: the test CRDs installed, the server reached
/// through <see cref="KubernetesClientApi"/>, and every call bounded so a hanging server fails the test.
/// </summary>
public abstract class RealServerApiTest(RealApiServerFixture fixture) : IAsyncLifetime
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));
    private IKubernetes? _client;
    private IKubernetesApi? _api;

    protected IKubernetesApi Api => _api ?? throw new InvalidOperationException("not initialized");

    protected CancellationToken Timeout => _timeout.Token;

    public async Task InitializeAsync()
    {
        await fixture.Server.InstallCrdsAsync(TestPaths.TestCrds, Timeout);
        _client = fixture.Server.CreateClient();
        _api = new KubernetesClientApi(_client);
    }

    public Task DisposeAsync()
    {
        _client?.Dispose();
        _timeout.Dispose();
        return Task.CompletedTask;
    }
}
