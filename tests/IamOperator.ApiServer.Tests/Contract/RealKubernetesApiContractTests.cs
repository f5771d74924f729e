using IamOperator.ApiServer.Tests.Fixture;
using IamOperator.Controllers;
using k8s;

namespace IamOperator.ApiServer.Tests.Contract;

/// <summary>The contract suite against the real API server through <see cref="KubernetesClientApi"/>.</summary>
[Collection(RealApiServerCollection.Name)]
public sealed class RealKubernetesApiContractTests(RealApiServerFixture fixture) : KubernetesApiContract, IUsesRealApiServer
{
    private IKubernetes? _client;
    private IKubernetesApi? _api;

    protected override IKubernetesApi Api => _api ?? throw new InvalidOperationException("not initialized");

    public override async Task InitializeAsync()
    {
        await fixture.Server.InstallCrdsAsync(TestPaths.TestCrds, Timeout);
        _client = fixture.Server.CreateClient();
        _api = new KubernetesClientApi(_client);
    }

    public override async Task DisposeAsync()
    {
        _client?.Dispose();
        await base.DisposeAsync();
    }

    // The fixture starts the server with a short --min-request-timeout: each watch ends after a few
    // seconds, and the watch cache sends a bookmark shortly before that end.
    protected override Task ProvokeBookmarksAsync(CancellationToken cancellationToken) =>
        Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, cancellationToken);

    // The watch cache of a resource starts at the revision its CRD was established at: revision 1, the
    // version the contract watches from, is older than anything it holds.
    protected override Task ForgetWatchHistoryAsync() => Task.CompletedTask;
}
