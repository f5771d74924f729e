using IamOperator.Controllers.InMemory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace IamOperator.Controllers.Tests;

public sealed class LeaderElectorTests
{
    private readonly FakeTimeProvider time = new();
    private readonly InMemoryKubernetesApi api;
    private readonly CancellationToken ct = TestContext.Timeout(20);

    public LeaderElectorTests() => api = new InMemoryKubernetesApi(time);

    [Fact]
    public async Task The_first_candidate_takes_the_Lease_and_the_second_waits()
    {
        await using var a = Candidate("a");
        await Eventually.True(() => a.Elector.IsLeader, because: "a to lead");
        await using var b = Candidate("b");

        await Advance(TimeSpan.FromSeconds(30), () => Assert.False(b.Elector.IsLeader), a, b);

        var lease = await api.GetLeaseAsync("ops", "iam-operator", ct);
        Assert.Equal("a", lease!.Spec.HolderIdentity);
        Assert.Equal(15, lease.Spec.LeaseDurationSeconds);
        Assert.True(a.Leading);
        Assert.False(b.Leading);
    }

    [Fact]
    public async Task On_shutdown_the_leader_finishes_its_work_releases_the_Lease_and_the_other_takes_over_at_once()
    {
        var a = Candidate("a");
        await Eventually.True(() => a.Elector.IsLeader, because: "a to lead");
        await using var b = Candidate("b");
        await Advance(TimeSpan.FromSeconds(3), () => Assert.False(b.Elector.IsLeader), a, b);

        await a.DisposeAsync();
        Assert.True(a.WorkEnded);
        Assert.Null((await api.GetLeaseAsync("ops", "iam-operator", ct))!.Spec.HolderIdentity);

        // Within one jittered retry period, not a whole lease duration.
        await Eventually.True(() => b.Elector.IsLeader, time, TimeSpan.FromMilliseconds(500), "b to take over");
        Assert.True(time.GetUtcNow() - a.StoppedAt < TimeSpan.FromSeconds(5));
        var lease = await api.GetLeaseAsync("ops", "iam-operator", ct);
        Assert.Equal("b", lease!.Spec.HolderIdentity);
        Assert.Equal(1, lease.Spec.LeaseTransitions);
    }

    [Fact]
    public async Task A_crashed_leader_is_replaced_only_after_the_lease_duration()
    {
        var a = Candidate("a", releaseOnCancel: false);
        await Eventually.True(() => a.Elector.IsLeader, because: "a to lead");
        await using var b = Candidate("b");
        await Advance(TimeSpan.FromSeconds(1), () => { }, a, b);

        await a.DisposeAsync();
        var crashedAt = time.GetUtcNow();
        await Advance(TimeSpan.FromSeconds(12), () => Assert.False(b.Elector.IsLeader), b);

        await Eventually.True(() => b.Elector.IsLeader, time, TimeSpan.FromMilliseconds(500), "b to take over");
        Assert.True(time.GetUtcNow() - crashedAt >= TimeSpan.FromSeconds(14));
    }

    [Fact]
    public async Task A_leader_that_cannot_renew_steps_down_within_the_renew_deadline_and_never_overlaps_the_next()
    {
        await using var a = Candidate("a");
        await Eventually.True(() => a.Elector.IsLeader, because: "a to lead");
        await using var b = Candidate("b");
        var refuse = true;
        api.FaultInjector = r => r.Verb == "update-lease" && refuse ? new KubernetesApiException(503, "ServiceUnavailable", "apiserver unreachable") : null;
        var cutOff = time.GetUtcNow();

        await Eventually.True(() => !a.Elector.IsLeader, time, TimeSpan.FromMilliseconds(500), "a to step down");
        Assert.InRange(time.GetUtcNow() - cutOff, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(13));
        Assert.False(a.Leading);
        refuse = false;

        await Eventually.True(() => b.Elector.IsLeader || a.Elector.IsLeader, time, TimeSpan.FromMilliseconds(500), "a new leader");
        Assert.False(a.Elector.IsLeader && b.Elector.IsLeader);
    }

    [Fact]
    public void Timings_that_break_client_go_s_invariants_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new LeaderElector(api,
            new LeaderElectionOptions { Identity = "a", LeaseDuration = TimeSpan.FromSeconds(5), RenewDeadline = TimeSpan.FromSeconds(10) },
            time, NullLogger<LeaderElector>.Instance));
        Assert.Contains("LeaseDuration > RenewDeadline", e.Message);
        Assert.Throws<ArgumentException>(() => new LeaderElector(api, new LeaderElectionOptions(), time, NullLogger<LeaderElector>.Instance));
    }

    /// <summary>
    /// Moves the clock in half-second steps; after each, waits until every running candidate has acted on everything
    /// due (its next attempt lies in the future), then checks the invariant, so a wrong takeover cannot slip past.
    /// </summary>
    private async Task Advance(TimeSpan total, Action check, params RunningCandidate[] running)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < total; elapsed += TimeSpan.FromMilliseconds(500))
        {
            time.Advance(TimeSpan.FromMilliseconds(500));
            var now = time.GetUtcNow();
            await Eventually.True(() => running.All(c => c.Elector.NextAttemptAt > now), because: $"every candidate to act on the clock at {now:O}");
            check();
        }
    }

    private RunningCandidate Candidate(string identity, bool releaseOnCancel = true)
    {
        var elector = new LeaderElector(api, new LeaderElectionOptions
        {
            Identity = identity,
            LeaseNamespace = "ops",
            ReleaseOnCancel = releaseOnCancel,
        }, time, NullLogger<LeaderElector>.Instance);
        return new RunningCandidate(elector, time);
    }

    private sealed class RunningCandidate : IAsyncDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private readonly Task run;
        private readonly TimeProvider time;
        private volatile bool leading;

        public RunningCandidate(LeaderElector elector, TimeProvider time)
        {
            Elector = elector;
            this.time = time;
            run = elector.RunAsync(async token =>
            {
                leading = true;
                try
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, token);
                }
                catch (OperationCanceledException)
                {
                    WorkEnded = true;
                }
                finally
                {
                    leading = false;
                }
            }, stop.Token);
        }

        public LeaderElector Elector { get; }

        public bool Leading => leading;

        public bool WorkEnded { get; private set; }

        public DateTimeOffset StoppedAt { get; private set; }

        public async ValueTask DisposeAsync()
        {
            if (stop.IsCancellationRequested)
            {
                return;
            }

            await stop.CancelAsync();
            await run;
            StoppedAt = time.GetUtcNow();
            stop.Dispose();
        }
    }
}
