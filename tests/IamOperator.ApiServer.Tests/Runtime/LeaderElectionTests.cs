using IamOperator.ApiServer.Tests.Fixture;
using IamOperator.Controllers;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace IamOperator.ApiServer.Tests.Runtime;

/// <summary>
/// The controllers' LeaderElector on coordination.k8s.io/v1 Leases stored by the real apiserver (served here by a
/// Lease-shaped CRD, since this server has no built-in groups), so conflicts and resourceVersions are the real ones.
/// </summary>
[Collection(RealApiServerCollection.Name)]
public sealed class LeaderElectionTests(RealApiServerFixture fixture) : IAsyncLifetime
{
    private readonly string _namespace = $"election-{Guid.NewGuid():N}"[..24];
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));
    private IKubernetes? _client;
    private IKubernetesApi? _api;

    public async Task InitializeAsync()
    {
        await fixture.Server.InstallCrdsAsync(TestPaths.TestCrds, _timeout.Token);
        _client = fixture.Server.CreateClient();
        _api = new KubernetesClientApi(_client);
    }

    public Task DisposeAsync()
    {
        _client?.Dispose();
        _timeout.Dispose();
        return Task.CompletedTask;
    }

    private LeaderElector Candidate(string identity, TimeProvider time) => new(_api!, new LeaderElectionOptions
    {
        LeaseName = "iam-operator",
        LeaseNamespace = _namespace,
        Identity = identity,
        LeaseDuration = TimeSpan.FromSeconds(15),
        RenewDeadline = TimeSpan.FromSeconds(10),
        RetryPeriod = TimeSpan.FromMilliseconds(200),
    }, time, NullLogger<LeaderElector>.Instance);

    [RealApiServerFact]
    public async Task Only_one_of_two_candidates_holds_the_Lease()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-28T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var first = Candidate("replica-a", time);
        var second = Candidate("replica-b", time);

        Assert.True(await first.TryAcquireOrRenewAsync(_timeout.Token));
        Assert.False(await second.TryAcquireOrRenewAsync(_timeout.Token));
        Assert.True(await first.TryAcquireOrRenewAsync(_timeout.Token));

        var lease = await _api!.GetLeaseAsync(_namespace, "iam-operator", _timeout.Token);
        Assert.Equal("replica-a", lease?.Spec.HolderIdentity);
        Assert.Equal(15, lease?.Spec.LeaseDurationSeconds);
        Assert.Equal("replica-a", second.ObservedLeader);
    }

    [RealApiServerFact]
    public async Task A_candidate_takes_over_once_the_holder_has_not_renewed_for_the_lease_duration()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-28T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var first = Candidate("replica-a", time);
        var second = Candidate("replica-b", time);
        Assert.True(await first.TryAcquireOrRenewAsync(_timeout.Token));
        Assert.False(await second.TryAcquireOrRenewAsync(_timeout.Token));

        time.Advance(TimeSpan.FromSeconds(16));

        Assert.True(await second.TryAcquireOrRenewAsync(_timeout.Token));
        Assert.False(await first.TryAcquireOrRenewAsync(_timeout.Token));
        var lease = await _api!.GetLeaseAsync(_namespace, "iam-operator", _timeout.Token);
        Assert.Equal("replica-b", lease?.Spec.HolderIdentity);
        Assert.Equal(1, lease?.Spec.LeaseTransitions); // created with 0, like client-go
    }

    [RealApiServerFact]
    public async Task A_candidate_writing_from_a_stale_Lease_loses_with_a_conflict_instead_of_overwriting()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-28T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(await Candidate("replica-a", time).TryAcquireOrRenewAsync(_timeout.Token));
        var stale = await _api!.GetLeaseAsync(_namespace, "iam-operator", _timeout.Token);
        time.Advance(TimeSpan.FromSeconds(2)); // a renewal that changes nothing would not move the resourceVersion
        Assert.True(await Candidate("replica-a", time).TryAcquireOrRenewAsync(_timeout.Token));

        stale!.Spec.HolderIdentity = "intruder";
        await Assert.ThrowsAsync<ConflictException>(() => _api.ReplaceLeaseAsync(stale, _timeout.Token));

        Assert.Equal("replica-a", (await _api.GetLeaseAsync(_namespace, "iam-operator", _timeout.Token))?.Spec.HolderIdentity);
    }

    [RealApiServerFact]
    public async Task A_leader_that_shuts_down_releases_the_Lease_so_the_next_one_leads_at_once()
    {
        var leading = new TaskCompletionSource();
        using var shutdown = CancellationTokenSource.CreateLinkedTokenSource(_timeout.Token);
        var first = Candidate("replica-a", TimeProvider.System);
        var run = first.RunAsync(async token =>
        {
            leading.TrySetResult();
            await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, token);
        }, shutdown.Token);
        await leading.Task.WaitAsync(_timeout.Token);
        var second = Candidate("replica-b", TimeProvider.System);
        Assert.False(await second.TryAcquireOrRenewAsync(_timeout.Token));

        await shutdown.CancelAsync();
        await run;

        Assert.True(await second.TryAcquireOrRenewAsync(_timeout.Token));
        Assert.Equal("replica-b", (await _api!.GetLeaseAsync(_namespace, "iam-operator", _timeout.Token))?.Spec.HolderIdentity);
    }
}
