using IamOperator.Controllers.InMemory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace IamOperator.Controllers.Tests;

/// <summary>
/// One retry mechanism, as controller-runtime's: an error is requeued with the queue's per-key backoff, a terminal
/// error is not requeued at all (only a change of the object brings it back), a success clears the backoff.
/// Time is fake; "not requeued" is proven by a later key reconciled behind it on the one worker.
/// </summary>
public sealed class ReconcileResultHandlingTests : IAsyncDisposable
{
    private static readonly CustomResourceKind Kind = Widget.Crd;
    private readonly FakeTimeProvider time = new();
    private readonly InMemoryKubernetesApi api;
    private readonly RecordingReconciler reconciler = new();
    private readonly ControllerMetrics metrics = new();
    private readonly CancellationTokenSource stop = new();
    private readonly CancellationToken ct = TestContext.Timeout(20);
    private Task running = Task.CompletedTask;

    public ReconcileResultHandlingTests() => api = new InMemoryKubernetesApi(time);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await running;
        stop.Dispose();
        metrics.Dispose();
    }

    [Fact]
    public async Task A_stalled_result_is_not_retried_and_the_next_generation_is_reconciled_at_once()
    {
        reconciler.Handler = (w, _, _) => Task.FromResult(w.Spec.Color == "blue"
            ? ReconcileResult.Stalled()
            : ReconcileResult.Success());
        await api.CreateAsync(Kind, Widget.New("a"), ct);
        var controller = await StartAsync();
        await Eventually.True(() => reconciler.CallsFor("a") == 1 && controller.InProgress == 0, because: "the stalled reconcile");

        // Any retry the queue could have scheduled (at most RetryMaxDelay) is due now, and would run before "b".
        time.Advance(new WorkQueueOptions().RetryMaxDelay * 2);
        await api.CreateAsync(Kind, Widget.New("b"), ct);
        await Eventually.True(() => reconciler.CallsFor("b") == 1, because: "the later key");
        Assert.Equal(1, reconciler.CallsFor("a"));

        var a = (await api.GetAsync<Widget>(Kind, "default", "a", ct))!;
        a.Spec.Color = "green";
        await api.ReplaceAsync(Kind, a, ct);
        await Eventually.True(() => reconciler.CallsFor("a") == 2, because: "the new generation");
        Assert.Equal(ReconcileTrigger.Watch, reconciler.Calls.Last(c => c.Resource.Metadata.Name == "a").Trigger);
    }

    [Fact]
    public async Task An_error_is_retried_with_the_queues_per_key_backoff_until_it_succeeds()
    {
        var options = new WorkQueueOptions { RetryBaseDelay = TimeSpan.FromSeconds(1), RetryMaxDelay = TimeSpan.FromMinutes(5) };
        var attempts = 0;
        reconciler.Handler = (w, _, _) => Task.FromResult(w.Metadata.Name == "a" && ++attempts <= 2
            ? ReconcileResult.Failed("RetryingAfterError: Throttling")
            : ReconcileResult.Success());
        await api.CreateAsync(Kind, Widget.New("a"), ct);
        var controller = await StartAsync(options);
        await Eventually.True(() => attempts == 1 && controller.InProgress == 0, because: "the first attempt");

        // First backoff is the base delay: not a tick earlier.
        time.Advance(TimeSpan.FromMilliseconds(999));
        await api.CreateAsync(Kind, Widget.New("b"), ct);
        await Eventually.True(() => reconciler.CallsFor("b") == 1, because: "the later key");
        Assert.Equal(1, attempts);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await Eventually.True(() => attempts == 2 && controller.InProgress == 0, because: "the first retry");

        // Second backoff doubles.
        time.Advance(TimeSpan.FromMilliseconds(1999));
        await api.CreateAsync(Kind, Widget.New("c"), ct);
        await Eventually.True(() => reconciler.CallsFor("c") == 1, because: "another later key");
        Assert.Equal(2, attempts);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await Eventually.True(() => attempts == 3, because: "the second retry");
        Assert.All(reconciler.Calls.Where(c => c.Resource.Metadata.Name == "a").Skip(1), c => Assert.Equal(ReconcileTrigger.Retry, c.Trigger));
    }

    private async Task<Controller<Widget>> StartAsync(WorkQueueOptions? queue = null)
    {
        var options = new ControllerOptions { MaxConcurrentReconciles = 1, ResyncPeriod = TimeSpan.Zero, Queue = queue ?? new WorkQueueOptions() };
        var controller = new Controller<Widget>(api, Kind, reconciler, options, metrics, time, NullLoggerFactory.Instance);
        running = Task.WhenAll(controller.RunCacheAsync(stop.Token), controller.RunWorkersAsync(stop.Token));
        await controller.Informer.WaitForSyncAsync(ct);
        return controller;
    }
}
