using IamOperator.ApiServer.Tests.Fixture;
using IamOperator.Controllers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace IamOperator.ApiServer.Tests.Runtime;

/// <summary>
/// The controllers' LeaderElector on coordination.k8s.io/v1 Leases stored by the real apiserver (served here by a
/// Lease-shaped CRD, since this server has no built-in groups), so conflicts and resourceVersions are the real ones.
/// </summary>
[Collection(RealApiServerCollection.Name)]
public sealed class LeaderElectionTests(RealApiServerFixture fixture) : RealServerApiTest(fixture)
{
    private readonly string leaseNamespace = $"election-{Guid.NewGuid():N}"[..24];

    private LeaderElector Candidate(string identity, TimeProvider time) => new(Api, new LeaderElectionOptions
    {
        LeaseName = "iam-operator",
        LeaseNamespace = leaseNamespace,
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

        Assert.True(await first.TryAcquireOrRenewAsync(Timeout));
        Assert.False(await second.TryAcquireOrRenewAsync(Timeout));
        Assert.True(await first.TryAcquireOrRenewAsync(Timeout));

        var lease = await Api.GetLeaseAsync(leaseNamespace, "iam-operator", Timeout);
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
        Assert.True(await first.TryAcquireOrRenewAsync(Timeout));
        Assert.False(await second.TryAcquireOrRenewAsync(Timeout));

        time.Advance(TimeSpan.FromSeconds(16));

        Assert.True(await second.TryAcquireOrRenewAsync(Timeout));
        Assert.False(await first.TryAcquireOrRenewAsync(Timeout));
        var lease = await Api.GetLeaseAsync(leaseNamespace, "iam-operator", Timeout);
        Assert.Equal("replica-b", lease?.Spec.HolderIdentity);
        Assert.Equal(1, lease?.Spec.LeaseTransitions); // created with 0, like client-go
    }

    [RealApiServerFact]
    public async Task A_candidate_writing_from_a_stale_Lease_loses_with_a_conflict_instead_of_overwriting()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-28T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(await Candidate("replica-a", time).TryAcquireOrRenewAsync(Timeout));
        var stale = await Api.GetLeaseAsync(leaseNamespace, "iam-operator", Timeout);
        time.Advance(TimeSpan.FromSeconds(2)); // a renewal that changes nothing would not move the resourceVersion
        Assert.True(await Candidate("replica-a", time).TryAcquireOrRenewAsync(Timeout));

        stale!.Spec.HolderIdentity = "intruder";
        await Assert.ThrowsAsync<ConflictException>(() => Api.ReplaceLeaseAsync(stale, Timeout));

        Assert.Equal("replica-a", (await Api.GetLeaseAsync(leaseNamespace, "iam-operator", Timeout))?.Spec.HolderIdentity);
    }

    [RealApiServerFact]
    public async Task A_leader_that_shuts_down_releases_the_Lease_so_the_next_one_leads_at_once()
    {
        var leading = new TaskCompletionSource();
        using var shutdown = CancellationTokenSource.CreateLinkedTokenSource(Timeout);
        var first = Candidate("replica-a", TimeProvider.System);
        var run = first.RunAsync(async token =>
        {
            leading.TrySetResult();
            await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, token);
        }, shutdown.Token);
        await leading.Task.WaitAsync(Timeout);
        var second = Candidate("replica-b", TimeProvider.System);
        Assert.False(await second.TryAcquireOrRenewAsync(Timeout));

        await shutdown.CancelAsync();
        await run;

        Assert.True(await second.TryAcquireOrRenewAsync(Timeout));
        Assert.Equal("replica-b", (await Api.GetLeaseAsync(leaseNamespace, "iam-operator", Timeout))?.Spec.HolderIdentity);
    }
}
