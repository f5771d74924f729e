using System.Text.Json.Nodes;
using IamOperator.Controllers.InMemory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace IamOperator.Controllers.Tests;

public sealed class ControllerTests : IAsyncDisposable
{
    private const string Finalizer = ControllerOptions.DefaultFinalizer;
    private static readonly CustomResourceKind Kind = Widget.Crd;
    private readonly FakeTimeProvider time = new();
    private readonly InMemoryKubernetesApi api;
    private readonly RecordingReconciler reconciler = new();
    private readonly ControllerMetrics metrics = new();
    private readonly CancellationTokenSource stop = new();
    private readonly FakeLogCollector logs = new();
    private readonly ILoggerFactory loggerFactory;
    private readonly CancellationToken ct = TestContext.Timeout(20);
    private Task running = Task.CompletedTask;

    public ControllerTests()
    {
        api = new InMemoryKubernetesApi(time);
        loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Information).AddProvider(new FakeLoggerProvider(logs)));
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await running;
        stop.Dispose();
        metrics.Dispose();
        loggerFactory.Dispose();
    }

    [Fact]
    public async Task The_finalizer_is_added_before_the_reconciler_first_sees_an_object()
    {
        await api.CreateAsync(Kind, Widget.New("a"), ct);

        await Start();
        await Eventually.True(() => reconciler.CallsFor("a") == 1, because: "first reconcile");

        Assert.Contains(Finalizer, reconciler.Calls.Single().Resource.Metadata.Finalizers);
        Assert.Contains(Finalizer, (await api.GetAsync<Widget>(Kind, "default", "a", ct))!.Metadata.Finalizers);
        Assert.Equal(ReconcileTrigger.Watch, reconciler.Calls.Single().Trigger);
    }

    [Fact]
    public async Task A_deletion_is_reconciled_and_the_finalizer_removed_only_after_it_succeeds()
    {
        var cleanups = 0;
        reconciler.Handler = (w, _, _) => Task.FromResult(w.Metadata.DeletionTimestamp is null
            ? ReconcileResult.Success()
            : ++cleanups == 1 ? ReconcileResult.Failed("IAM still busy") : ReconcileResult.Success(writes: 1));
        await api.CreateAsync(Kind, Widget.New("a"), ct);
        await Start();
        await Eventually.True(() => reconciler.CallsFor("a") == 1, because: "first reconcile");

        await api.DeleteAsync(Kind, "default", "a", ct);
        await Eventually.True(() => cleanups == 1, because: "the failing cleanup");
        var held = await api.GetAsync<Widget>(Kind, "default", "a", ct);
        Assert.NotNull(held);
        Assert.Contains(Finalizer, held.Metadata.Finalizers);

        await Eventually.True(() => cleanups == 2, time, TimeSpan.FromMilliseconds(10), "the retried cleanup");
        await Eventually.True(() => api.GetAsync<Widget>(Kind, "default", "a", ct).Result is null, because: "the object to go");
        Assert.Equal(ReconcileTrigger.Retry, reconciler.Calls.Last().Trigger);
    }

    [Fact]
    public async Task An_object_being_deleted_without_our_finalizer_is_not_reconciled()
    {
        var widget = Widget.New("a");
        widget.Metadata.Finalizers = ["someone.else/hold"];
        await api.CreateAsync(Kind, widget, ct);
        await api.DeleteAsync(Kind, "default", "a", ct);

        var controller = await Start();
        await Eventually.True(() => controller.IsIdle, because: "the worker to have taken and judged the key");

        Assert.Empty(reconciler.Calls);
        Assert.DoesNotContain(Finalizer, (await api.GetAsync<Widget>(Kind, "default", "a", ct))!.Metadata.Finalizers);
    }

    [Fact]
    public async Task A_failed_reconcile_is_retried_with_backoff_and_trigger_retry()
    {
        var attempts = 0;
        reconciler.Handler = (_, _, _) => Task.FromResult(++attempts < 3 ? ReconcileResult.Failed("throttled") : ReconcileResult.Success());
        await api.CreateAsync(Kind, Widget.New("a"), ct);

        var controller = await Start();
        await Eventually.True(() => attempts == 1, because: "first attempt");
        // The clock has not moved: the retry waits on it, so the queue goes idle with one attempt made.
        await Eventually.True(() => controller.IsIdle, because: "the failure to be handled");
        Assert.Equal(1, attempts);

        await Eventually.True(() => attempts == 3, time, TimeSpan.FromMilliseconds(5), "two retries");
        Assert.Equal([ReconcileTrigger.Watch, ReconcileTrigger.Retry, ReconcileTrigger.Retry], reconciler.Calls.Select(c => c.Trigger));
    }

    [Fact]
    public async Task A_reconciler_that_throws_is_retried_and_the_controller_keeps_going()
    {
        var attempts = 0;
        reconciler.Handler = (w, _, _) => w.Metadata.Name == "bad" && ++attempts == 1
            ? throw new InvalidOperationException("boom")
            : Task.FromResult(ReconcileResult.Success());
        await api.CreateAsync(Kind, Widget.New("bad"), ct);
        await api.CreateAsync(Kind, Widget.New("good"), ct);

        await Start();

        await Eventually.True(() => reconciler.CallsFor("bad") == 2 && reconciler.CallsFor("good") == 1, time, TimeSpan.FromMilliseconds(10), "retry of the bad one");
    }

    [Fact]
    public async Task RequeueAfter_reconciles_again_after_the_delay()
    {
        reconciler.Handler = (_, _, _) => Task.FromResult(ReconcileResult.RequeueAfter(TimeSpan.FromMinutes(1)));
        await api.CreateAsync(Kind, Widget.New("a"), ct);

        var controller = await Start();
        await Eventually.True(() => reconciler.CallsFor("a") == 1, because: "first reconcile");
        // The recheck is scheduled on the fake clock once the worker is done with the key: advance only after that.
        await Eventually.True(() => controller.InProgress == 0, because: "the first reconcile to finish");
        time.Advance(TimeSpan.FromSeconds(59));
        await Eventually.True(() => controller.IsIdle, because: "anything due after 59 seconds to be reconciled");
        Assert.Equal(1, reconciler.CallsFor("a"));
        time.Advance(TimeSpan.FromSeconds(1));

        await Eventually.True(() => reconciler.CallsFor("a") == 2, because: "the scheduled recheck");
        Assert.Equal(ReconcileTrigger.Resync, reconciler.Calls.Last().Trigger);
    }

    [Fact]
    public async Task A_spec_change_is_reconciled_but_a_status_only_change_is_not()
    {
        await api.CreateAsync(Kind, Widget.New("a"), ct);
        var controller = await Start();
        await Eventually.True(() => reconciler.CallsFor("a") == 1, because: "first reconcile");

        var patched = await api.PatchStatusAsync<Widget>(Kind, "default", "a", new JsonObject { ["phase"] = "Ready" }, null, ct);
        await Settled(controller, patched.Metadata.ResourceVersion);
        Assert.Equal(1, reconciler.CallsFor("a"));

        var current = (await api.GetAsync<Widget>(Kind, "default", "a", ct))!;
        current.Spec.Color = "red";
        await api.ReplaceAsync(Kind, current, ct);

        await Eventually.True(() => reconciler.CallsFor("a") == 2, because: "the spec change");
        Assert.Equal("red", reconciler.Calls.Last().Resource.Spec.Color);
        Assert.Equal(2, reconciler.Calls.Last().Resource.Metadata.Generation);
    }

    [Fact]
    public async Task One_key_is_never_reconciled_twice_at_once_and_workers_are_bounded()
    {
        var running = 0;
        var maxRunning = 0;
        var perKey = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var overlapped = false;
        reconciler.Handler = async (w, _, token) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref maxRunning, now);
            if (perKey.AddOrUpdate(w.Metadata.Name, 1, (_, n) => n + 1) > 1)
            {
                overlapped = true;
            }

            await Task.Delay(20, token);
            perKey.AddOrUpdate(w.Metadata.Name, 0, (_, n) => n - 1);
            Interlocked.Decrement(ref running);
            return ReconcileResult.Success();
        };
        for (var i = 0; i < 6; i++)
        {
            await api.CreateAsync(Kind, Widget.New($"w{i}"), ct);
        }

        var controller = await Start(new ControllerOptions { MaxConcurrentReconciles = 2, ResyncPeriod = TimeSpan.Zero });
        for (var round = 0; round < 20; round++)
        {
            controller.Enqueue("default", "w0", ReconcileTrigger.Drift);
            controller.EnqueueAll(ReconcileTrigger.Resync);
            await Task.Delay(5, ct);
        }

        await Eventually.True(() => controller.InProgress == 0 && reconciler.Calls.Count >= 12, because: "the queue to drain");
        Assert.False(overlapped);
        Assert.Equal(2, maxRunning);
    }

    [Fact]
    public async Task The_Ready_count_follows_status_changes_and_deletions_of_cached_objects()
    {
        await api.CreateAsync(Kind, Widget.New("a"), ct);
        await api.CreateAsync(Kind, Widget.New("b"), ct);
        var controller = await Start();
        Assert.Equal((0, 2), controller.Readiness);

        await SetReady("a", "True");
        Assert.Equal((1, 1), controller.Readiness);
        await SetReady("a", "False");
        Assert.Equal((0, 2), controller.Readiness);
        await SetReady("a", "True");
        await api.DeleteAsync(Kind, "default", "a", ct);

        await Eventually.True(() => controller.Informer.Get("default", "a") is null, because: "a's deletion to complete");
        Assert.Equal((0, 1), controller.Readiness);

        async Task SetReady(string name, string status)
        {
            var patched = await api.PatchStatusAsync<Widget>(Kind, "default", name, new JsonObject
            {
                ["conditions"] = new JsonArray(new JsonObject
                {
                    ["type"] = "Ready", ["status"] = status, ["reason"] = "Test", ["message"] = "", ["lastTransitionTime"] = "2026-11-28T00:00:00Z",
                }),
            }, null, ct);
            await Settled(controller, patched.Metadata.ResourceVersion);
        }
    }

    [Fact]
    public async Task The_drift_hook_queues_a_key_with_trigger_drift()
    {
        await api.CreateAsync(Kind, Widget.New("a"), ct);
        var controller = await Start();
        await Eventually.True(() => reconciler.CallsFor("a") == 1, because: "first reconcile");

        controller.Enqueue("default", "a", ReconcileTrigger.Drift);

        await Eventually.True(() => reconciler.CallsFor("a") == 2, because: "drift reconcile");
        Assert.Equal(ReconcileTrigger.Drift, reconciler.Calls.Last().Trigger);
    }

    [Fact]
    public async Task Periodic_resync_queues_every_object_with_trigger_resync()
    {
        await api.CreateAsync(Kind, Widget.New("a"), ct);
        await api.CreateAsync(Kind, Widget.New("b"), ct);
        var controller = await Start(new ControllerOptions { ResyncPeriod = TimeSpan.FromMinutes(10), ResyncJitter = 0.1 });
        await Eventually.True(() => reconciler.Calls.Count == 2, because: "first reconciles");

        time.Advance(TimeSpan.FromMinutes(9));
        await Eventually.True(() => controller.IsIdle, because: "anything due after 9 minutes to be reconciled");
        Assert.Equal(2, reconciler.Calls.Count);
        time.Advance(TimeSpan.FromMinutes(2));

        await Eventually.True(() => reconciler.Calls.Count == 4, because: "a resync of both");
        Assert.All(reconciler.Calls.Skip(2), c => Assert.Equal(ReconcileTrigger.Resync, c.Trigger));
    }

    [Fact]
    public async Task By_default_every_object_is_resynced_every_ten_hours_not_every_few_minutes()
    {
        await api.CreateAsync(Kind, Widget.New("a"), ct);
        var controller = await Start(new ControllerOptions { ResyncJitter = 0 });
        await Eventually.True(() => reconciler.Calls.Count == 1, because: "first reconcile");

        time.Advance(TimeSpan.FromHours(10) - TimeSpan.FromMinutes(1));
        await Eventually.True(() => controller.IsIdle, because: "anything due before ten hours to be reconciled");
        Assert.Single(reconciler.Calls);
        time.Advance(TimeSpan.FromMinutes(2));

        await Eventually.True(() => reconciler.Calls.Count == 2, because: "the ten-hour resync");
        Assert.Equal(ReconcileTrigger.Resync, reconciler.Calls.Last().Trigger);
    }

    [Fact]
    public async Task Shutdown_lets_an_in_flight_reconcile_finish_and_takes_no_new_key()
    {
        var release = new TaskCompletionSource();
        var finished = false;
        var wasCancelled = false;
        reconciler.Handler = async (w, _, token) =>
        {
            if (w.Metadata.Name == "slow")
            {
                await release.Task;
                wasCancelled = token.IsCancellationRequested;
                finished = true;
            }

            return ReconcileResult.Success();
        };
        await api.CreateAsync(Kind, Widget.New("slow"), ct);
        var controller = await Start(new ControllerOptions { MaxConcurrentReconciles = 1 });
        await Eventually.True(() => reconciler.CallsFor("slow") == 1, because: "slow reconcile started");
        await api.CreateAsync(Kind, Widget.New("queued"), ct);
        await Eventually.True(() => controller.Informer.Get("default", "queued") is not null, because: "queued object cached");

        await stop.CancelAsync();
        await Eventually.True(() => Stopping(inFlight: 1), because: "the controller to begin its shutdown with the reconcile in flight");
        Assert.False(running.IsCompleted);
        release.SetResult();
        await running;

        Assert.True(finished);
        Assert.False(wasCancelled);
        Assert.Equal(0, reconciler.CallsFor("queued"));
    }

    [Fact]
    public async Task Shutdown_cancels_an_in_flight_reconcile_once_the_grace_period_is_over()
    {
        var cancelled = new TaskCompletionSource();
        reconciler.Handler = async (_, _, token) =>
        {
            using var registration = token.Register(() => cancelled.TrySetResult());
            await cancelled.Task;
            return ReconcileResult.Failed("cancelled");
        };
        await api.CreateAsync(Kind, Widget.New("slow"), ct);
        var grace = TimeSpan.FromSeconds(10);
        await Start(new ControllerOptions { MaxConcurrentReconciles = 1, ShutdownGracePeriod = grace });
        await Eventually.True(() => reconciler.CallsFor("slow") == 1, because: "slow reconcile started");

        await stop.CancelAsync();
        await Eventually.True(() => Stopping(inFlight: 1), because: "the controller to begin its shutdown with the reconcile in flight");
        time.Advance(grace - TimeSpan.FromTicks(1));
        Assert.False(cancelled.Task.IsCompleted);
        time.Advance(TimeSpan.FromTicks(1));

        Assert.True(cancelled.Task.IsCompleted);
        await running;
    }

    [Fact]
    public async Task A_failure_to_record_an_Event_does_not_fail_the_reconcile()
    {
        var silent = new InMemoryKubernetesApi(time, new InMemoryKubernetesApiOptions { ServeEvents = false });
        var recorder = new EventRecorder(silent, new EventRecorderOptions(), time, NullLogger<EventRecorder>.Instance);
        reconciler.Handler = async (w, _, token) =>
        {
            await recorder.RecordAsync(w, EventTypes.Normal, "Created", "created in IAM", "Reconcile", token);
            return ReconcileResult.Success(writes: 1);
        };
        await silent.CreateAsync(Kind, Widget.New("a"), ct);

        var controller = await Start(api: silent);
        await Eventually.True(() => reconciler.CallsFor("a") == 1 && controller.IsIdle, because: "the reconcile");
        // A failed reconcile would be retried well within a second of backoff.
        time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.True(() => controller.IsIdle, because: "any retry to run");

        Assert.Equal(1, reconciler.CallsFor("a"));
        Assert.Empty(silent.Events);
    }

    /// <summary>Waits until the informer has applied <paramref name="resourceVersion"/> and the workers are done with whatever that queued.</summary>
    private static async Task Settled(Controller<Widget> controller, string resourceVersion)
    {
        // The in-memory API numbers resourceVersions in order, so a later version means the change was applied.
        await Eventually.True(() => controller.Informer.LastSyncResourceVersion is { } seen && long.Parse(seen) >= long.Parse(resourceVersion),
            because: $"the informer to apply resourceVersion {resourceVersion}");
        await Eventually.True(() => controller.IsIdle, because: "the queue to drain");
    }

    /// <summary>The controller has logged that it stops taking keys and waits for <paramref name="inFlight"/> reconciles.</summary>
    private bool Stopping(int inFlight) =>
        logs.GetSnapshot().Any(r => r.Message.StartsWith("Controller for Widget stopping", StringComparison.Ordinal)
            && r.GetStructuredStateValue("InFlight") == inFlight.ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task A_cluster_scoped_object_gets_the_finalizer_and_its_cleanup_without_a_namespace_while_the_controller_watches_namespaces()
    {
        var kind = Widget.ClusterCrd;
        reconciler.Handler = (w, _, _) => Task.FromResult(ReconcileResult.Success());
        await api.CreateAsync(kind, Widget.New("a", null), ct);

        await Start(new ControllerOptions { Namespaces = ["team-a"] }, kind: kind);
        await Eventually.True(() => reconciler.CallsFor("a") == 1, because: "first reconcile");
        Assert.Contains(Finalizer, (await api.GetAsync<Widget>(kind, null, "a", ct))!.Metadata.Finalizers);

        await api.DeleteAsync(kind, null, "a", ct);
        await Eventually.True(() => api.GetAsync<Widget>(kind, null, "a", ct).Result is null, because: "the finalizer to be released after the cleanup");
        Assert.NotNull(reconciler.Calls.Last().Resource.Metadata.DeletionTimestamp);
    }

    private async Task<Controller<Widget>> Start(ControllerOptions? options = null, InMemoryKubernetesApi? api = null, CustomResourceKind? kind = null)
    {
        var controller = new Controller<Widget>(api ?? this.api, kind ?? Kind, reconciler, options ?? new ControllerOptions(), metrics, time, loggerFactory);
        running = Task.WhenAll(controller.RunCacheAsync(stop.Token), controller.RunWorkersAsync(stop.Token));
        await controller.Informer.WaitForSyncAsync(ct);
        return controller;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
