using IamOperator.Controllers.InMemory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace IamOperator.Controllers.Tests;

public sealed class ControllerRuntimeTests
{
    private readonly FakeTimeProvider time = new();
    private readonly InMemoryKubernetesApi api;
    private readonly CancellationToken ct = TestContext.Timeout(20);

    public ControllerRuntimeTests() => api = new InMemoryKubernetesApi(time);

    [Fact]
    public async Task Every_replica_syncs_its_caches_but_only_the_leader_reconciles_and_the_other_takes_over_on_shutdown()
    {
        await api.CreateAsync(Widget.Crd, Widget.New("a"), ct);
        var (first, firstReconciler, stopFirst, firstRun) = Replica("first");
        await Eventually.True(() => firstReconciler.CallsFor("a") == 1, time, TimeSpan.FromMilliseconds(100), "the leader's reconcile");
        var (second, secondReconciler, stopSecond, secondRun) = Replica("second");
        await Eventually.True(() => second.IsReady, because: "the standby's cache");

        await api.CreateAsync(Widget.Crd, Widget.New("b"), ct);
        await Eventually.True(() => firstReconciler.CallsFor("b") == 1, because: "the leader's reconcile of b");
        Assert.True(first.IsLeader);
        Assert.False(second.IsLeader);
        Assert.Empty(secondReconciler.Calls);

        await stopFirst.CancelAsync();
        await firstRun;
        await Eventually.True(() => secondReconciler.Calls.Count == 2, time, TimeSpan.FromMilliseconds(200), "the new leader to reconcile everything");
        Assert.True(second.IsLeader);

        await stopSecond.CancelAsync();
        await secondRun;
    }

    [Fact]
    public async Task Without_leader_election_it_reconciles_at_once_and_is_ready_when_caches_synced()
    {
        await api.CreateAsync(Widget.Crd, Widget.New("a"), ct);
        var reconciler = new RecordingReconciler();
        using var metrics = new ControllerMetrics();
        var controller = new Controller<Widget>(api, Widget.Crd, reconciler, new ControllerOptions(), metrics, time, NullLoggerFactory.Instance);
        var runtime = new ControllerRuntime([controller], null, NullLogger<ControllerRuntime>.Instance);
        using var stop = new CancellationTokenSource();
        Assert.False(runtime.IsReady);

        var run = runtime.RunAsync(stop.Token);
        await Eventually.True(() => reconciler.Calls.Count == 1, because: "the reconcile");

        Assert.True(runtime.IsReady);
        Assert.True(runtime.IsLeader);
        Assert.Same(controller, runtime.For("Widget"));
        await stop.CancelAsync();
        await run;
    }

    private (ControllerRuntime Runtime, RecordingReconciler Reconciler, CancellationTokenSource Stop, Task Run) Replica(string identity)
    {
        var reconciler = new RecordingReconciler();
        var controller = new Controller<Widget>(api, Widget.Crd, reconciler, new ControllerOptions(), new ControllerMetrics(), time, NullLoggerFactory.Instance);
        var elector = new LeaderElector(api, new LeaderElectionOptions { Identity = identity }, time, NullLogger<LeaderElector>.Instance);
        var runtime = new ControllerRuntime([controller], elector, NullLogger<ControllerRuntime>.Instance);
        var stop = new CancellationTokenSource();
        return (runtime, reconciler, stop, runtime.RunAsync(stop.Token));
    }
}
