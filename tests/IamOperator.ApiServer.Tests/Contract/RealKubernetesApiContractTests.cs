using IamOperator.ApiServer.Tests.Fixture;
using IamOperator.Controllers;
using k8s;

namespace IamOperator.ApiServer.Tests.Contract;

/// <summary>The contract suite against the real API server through <see cref="KubernetesClientApi"/>.</summary>
[Collection(RealApiServerCollection.Name)]
[LacksCapability(ApiCapability.CoreSecrets,
    "The real test server is the CRD-only apiextensions-apiserver: it serves no core API, so there are no v1 Secrets to test. " +
    "The Secret rules are pinned against the in-memory API only (docs/real-apiserver.md, docs/controller.md).")]
public sealed class RealKubernetesApiContractTests(RealApiServerFixture fixture) : KubernetesApiContract, IUsesRealApiServer
{
    // Short watches, so the bookmark the watch cache sends 2 s before a watch's deadline comes within seconds
    // rather than after the minute it waits for otherwise.
    private static readonly TimeSpan WatchTimeout = TimeSpan.FromSeconds(4);

    private IKubernetes? client;
    private IKubernetesApi? api;

    protected override IKubernetesApi Api => api ?? throw new InvalidOperationException("not initialized");

    public override async Task InitializeAsync()
    {
        await fixture.Server.InstallCrdsAsync(TestPaths.TestCrds, Timeout);
        client = fixture.Server.CreateClient();
        api = new KubernetesClientApi(client, WatchTimeout);
    }

    public override async Task DisposeAsync()
    {
        client?.Dispose();
        await base.DisposeAsync();
    }

    // The server sends due bookmarks itself: every watch ends after 4 to 8 s and gets its bookmark 2 s before.
    protected override Task ProvokeBookmarksAsync(CancellationToken cancellationToken) =>
        Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, cancellationToken);

    // Both on its own, within 8 s.
    protected override Task SendDueBookmarksThenEndWatchesAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // The watch cache of a resource starts at the revision its CRD was established at: revision 1, the
    // version the contract watches from, is older than anything it holds.
    protected override Task ForgetWatchHistoryAsync() => Task.CompletedTask;
}
