using Microsoft.Extensions.Time.Testing;

namespace IamOperator.Controllers.Tests;

public sealed class WorkQueueTests : IDisposable
{
    private static readonly QueueKey A = new("Widget", "default", "a");
    private static readonly QueueKey B = new("Widget", "default", "b");
    private readonly FakeTimeProvider time = new();
    private readonly WorkQueue queue;
    private readonly CancellationToken ct = TestContext.Timeout(10);

    public WorkQueueTests() => queue = new WorkQueue(new WorkQueueOptions(), time);

    public void Dispose() => queue.Dispose();

    [Fact]
    public async Task A_key_added_many_times_is_queued_once()
    {
        queue.Add(A, ReconcileTrigger.Watch);
        queue.Add(A, ReconcileTrigger.Watch);
        queue.Add(B, ReconcileTrigger.Watch);
        queue.Add(A, ReconcileTrigger.Watch);

        Assert.Equal(2, queue.Depth);
        Assert.Equal(A, (await queue.GetAsync(ct))!.Key);
        Assert.Equal(B, (await queue.GetAsync(ct))!.Key);
        Assert.Equal(0, queue.Depth);
    }

    [Fact]
    public async Task The_strongest_trigger_of_a_deduplicated_key_wins()
    {
        queue.Add(A, ReconcileTrigger.Resync);
        queue.Add(A, ReconcileTrigger.Drift);
        queue.Add(A, ReconcileTrigger.Watch);

        Assert.Equal(ReconcileTrigger.Drift, (await queue.GetAsync(ct))!.Trigger);
    }

    [Fact]
    public async Task A_key_added_while_processing_is_not_handed_out_again_until_Done()
    {
        queue.Add(A, ReconcileTrigger.Watch);
        var first = await queue.GetAsync(ct);

        queue.Add(A, ReconcileTrigger.Watch);
        // GetAsync runs synchronously up to its wait: a key it could hand out would complete it here.
        var second = queue.GetAsync(ct);
        Assert.False(second.IsCompleted);
        Assert.Equal(0, queue.Depth);

        queue.Done(first!.Key);
        Assert.Equal(A, (await second)!.Key);
    }

    [Fact]
    public void Failures_back_off_exponentially_per_key_and_Forget_resets()
    {
        var delays = Enumerable.Range(0, 4).Select(_ => queue.AddRateLimited(A)).ToList();

        Assert.Equal([5, 10, 20, 40], delays.Select(d => d.TotalMilliseconds));
        Assert.Equal(TimeSpan.FromMilliseconds(5), queue.AddRateLimited(B));
        queue.Forget(A);
        Assert.Equal(0, queue.Failures(A));
        Assert.Equal(TimeSpan.FromMilliseconds(5), queue.AddRateLimited(A));
    }

    [Fact]
    public void Backoff_is_capped_at_the_maximum()
    {
        using var capped = new WorkQueue(new WorkQueueOptions { RetryBaseDelay = TimeSpan.FromSeconds(1), RetryMaxDelay = TimeSpan.FromSeconds(10) }, time);

        var delays = Enumerable.Range(0, 6).Select(_ => capped.AddRateLimited(A)).ToList();

        Assert.Equal([1, 2, 4, 8, 10, 10], delays.Select(d => d.TotalSeconds));
    }

    [Fact]
    public void The_overall_retry_rate_delays_retries_once_the_burst_is_spent()
    {
        using var limited = new WorkQueue(new WorkQueueOptions { RetriesPerSecond = 10, RetryBurst = 2 }, time);

        var first = limited.AddRateLimited(new QueueKey("Widget", "default", "k1"));
        var second = limited.AddRateLimited(new QueueKey("Widget", "default", "k2"));
        var third = limited.AddRateLimited(new QueueKey("Widget", "default", "k3"));
        var fourth = limited.AddRateLimited(new QueueKey("Widget", "default", "k4"));

        Assert.Equal(TimeSpan.FromMilliseconds(5), first);
        Assert.Equal(TimeSpan.FromMilliseconds(5), second);
        Assert.Equal(100, third.TotalMilliseconds, 1);
        Assert.Equal(200, fourth.TotalMilliseconds, 1);
    }

    [Fact]
    public async Task A_rate_limited_key_comes_back_after_its_delay_as_a_retry()
    {
        queue.AddRateLimited(A);
        // GetAsync runs synchronously up to its wait: a key it could hand out would complete it here.
        var next = queue.GetAsync(ct);
        Assert.False(next.IsCompleted);
        Assert.True(queue.IsIdle);

        time.Advance(TimeSpan.FromMilliseconds(5));

        var item = await next;
        Assert.Equal(ReconcileTrigger.Retry, item!.Trigger);
        Assert.Equal(1, item.Failures);
    }

    [Fact]
    public async Task AddAfter_queues_the_key_when_the_delay_has_passed_and_an_earlier_schedule_wins()
    {
        queue.AddAfter(A, TimeSpan.FromMinutes(10), ReconcileTrigger.Resync);
        queue.AddAfter(A, TimeSpan.FromMinutes(1), ReconcileTrigger.Resync);
        queue.AddAfter(A, TimeSpan.FromMinutes(5), ReconcileTrigger.Resync);

        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, queue.Depth);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, queue.Depth);
        Assert.Equal(A, (await queue.GetAsync(ct))!.Key);
        queue.Done(A);

        time.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(0, queue.Depth);
    }

    [Fact]
    public void A_scheduled_key_does_not_keep_the_scheduling_context_alive()
    {
        // The real clock's timers capture the ExecutionContext unless told not to; a reconcile's Activity lives in it.
        using var realTime = new WorkQueue(new WorkQueueOptions(), TimeProvider.System);
        var held = ScheduleInsideAContext(realTime);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(held.TryGetTarget(out _), "the timer of a key scheduled an hour ahead still holds the context it was scheduled in");
    }

    private static readonly AsyncLocal<object?> Ambient = new();

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference<object> ScheduleInsideAContext(WorkQueue target)
    {
        var reference = new WeakReference<object>(null!);
        // A context of its own, as a reconcile's: the value is only reachable through that context.
        ExecutionContext.Run(ExecutionContext.Capture()!, _ =>
        {
            var value = new object();
            reference.SetTarget(value);
            Ambient.Value = value;
            target.AddAfter(A, TimeSpan.FromHours(1), ReconcileTrigger.Resync);
            Ambient.Value = null;
        }, null);
        return reference;
    }

    [Fact]
    public async Task Wait_time_starts_when_the_key_is_queued()
    {
        queue.Add(A, ReconcileTrigger.Watch);
        var queuedAt = time.GetUtcNow();
        time.Advance(TimeSpan.FromSeconds(3));

        var item = await queue.GetAsync(ct);

        Assert.Equal(queuedAt, item!.QueuedAt);
    }

    [Fact]
    public async Task ShutDown_releases_waiting_workers_and_hands_out_nothing_more()
    {
        var idle = queue.GetAsync(ct);

        queue.ShutDown();

        Assert.Null(await idle);
        queue.Add(A, ReconcileTrigger.Watch);
        Assert.Null(await queue.GetAsync(ct));
        Assert.Equal(0, queue.Depth);
    }
}
