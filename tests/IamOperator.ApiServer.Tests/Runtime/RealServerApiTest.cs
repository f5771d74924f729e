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
    private readonly CancellationTokenSource timeout = new(TimeSpan.FromSeconds(60));
    private IKubernetes? client;
    private IKubernetesApi? api;

    protected IKubernetesApi Api => api ?? throw new InvalidOperationException("not initialized");

    protected CancellationToken Timeout => timeout.Token;

    public async Task InitializeAsync()
    {
        await fixture.Server.InstallCrdsAsync(TestPaths.TestCrds, Timeout);
        client = fixture.Server.CreateClient();
        api = new KubernetesClientApi(client);
    }

    public Task DisposeAsync()
    {
        client?.Dispose();
        timeout.Dispose();
        return Task.CompletedTask;
    }
}
