namespace IamOperator.Controllers;

/// <summary>
/// The queue between change notifications and workers, with client-go's guarantees: a key is queued at most once
/// however often it is added; a key being processed is never handed to a second worker (an add during processing
/// queues it again once <see cref="Done"/> is called); failures back off per key exponentially and, across keys,
/// under an overall rate; <see cref="AddAfter"/> schedules a key for later.
/// </summary>
public sealed class WorkQueue : IDisposable
{
    private readonly Lock gate = new();
    private readonly TimeProvider time;
    private readonly WorkQueueOptions options;
    private readonly TokenBucket overallRetries;
    private readonly Queue<QueueKey> ready = new();
    private readonly Dictionary<QueueKey, Pending> pending = [];
    private readonly HashSet<QueueKey> processing = [];
    private readonly Dictionary<QueueKey, int> failures = [];
    private readonly Dictionary<QueueKey, Scheduled> scheduled = [];
    private readonly SemaphoreSlim available = new(0);
    private readonly CancellationTokenSource shutdown = new();

    public WorkQueue(WorkQueueOptions options, TimeProvider time)
    {
        this.options = options;
        this.time = time;
        overallRetries = new TokenBucket(options.RetriesPerSecond, options.RetryBurst, time);
    }

    /// <summary>Keys ready for a worker now (scheduled ones not counted).</summary>
    public int Depth
    {
        get
        {
            lock (gate)
            {
                return ready.Count;
            }
        }
    }

    /// <summary>Keys a worker holds right now.</summary>
    public int InProgress
    {
        get
        {
            lock (gate)
            {
                return processing.Count;
            }
        }
    }

    /// <summary>No key ready and none held by a worker (keys scheduled for later do not count): one consistent reading of both.</summary>
    public bool IsIdle
    {
        get
        {
            lock (gate)
            {
                return ready.Count == 0 && processing.Count == 0;
            }
        }
    }

    public bool IsShuttingDown => shutdown.IsCancellationRequested;

    /// <summary>Queues the key now unless it is queued already (then only a stronger trigger is kept).</summary>
    public void Add(QueueKey key, ReconcileTrigger trigger)
    {
        lock (gate)
        {
            if (IsShuttingDown)
            {
                return;
            }

            if (pending.TryGetValue(key, out var existing))
            {
                if (trigger > existing.Trigger)
                {
                    pending[key] = existing with { Trigger = trigger };
                }

                return;
            }

            pending[key] = new Pending(trigger, time.GetUtcNow());
            if (!processing.Contains(key))
            {
                ready.Enqueue(key);
                available.Release();
            }
        }
    }

    /// <summary>Queues the key after <paramref name="delay"/>; an earlier schedule of the same key wins.</summary>
    public void AddAfter(QueueKey key, TimeSpan delay, ReconcileTrigger trigger)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key, trigger);
            return;
        }

        lock (gate)
        {
            if (IsShuttingDown)
            {
                return;
            }

            var due = time.GetUtcNow() + delay;
            if (scheduled.TryGetValue(key, out var existing))
            {
                if (existing.Due <= due)
                {
                    if (trigger > existing.Trigger)
                    {
                        scheduled[key] = existing with { Trigger = trigger };
                    }

                    return;
                }

                existing.Timer.Dispose();
            }

            // The identity lets a timer that fires after being replaced recognise that it is stale.
            var id = new object();
            scheduled[key] = new Scheduled(id, due, trigger, time.CreateDetachedTimer(_ => Fire(key, id), null, delay, Timeout.InfiniteTimeSpan));
        }
    }

    /// <summary>
    /// Records a failure of the key and queues it again after its backoff (base · 2^(failures−1), capped), or later
    /// when the overall retry rate is exhausted. Returns the delay chosen.
    /// </summary>
    public TimeSpan AddRateLimited(QueueKey key)
    {
        int count;
        lock (gate)
        {
            count = failures[key] = failures.GetValueOrDefault(key) + 1;
        }

        var perKey = Backoff(count);
        var overall = overallRetries.Reserve();
        var delay = perKey > overall ? perKey : overall;
        AddAfter(key, delay, ReconcileTrigger.Retry);
        return delay;
    }

    /// <summary>Clears the key's failure count (after a success).</summary>
    public void Forget(QueueKey key)
    {
        lock (gate)
        {
            failures.Remove(key);
        }
    }

    /// <summary>How many times in a row the key has failed.</summary>
    public int Failures(QueueKey key)
    {
        lock (gate)
        {
            return failures.GetValueOrDefault(key);
        }
    }

    /// <summary>Waits for a key; the caller must call <see cref="Done"/> with it. Null once the queue shuts down.</summary>
    public async Task<WorkItem?> GetAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, shutdown.Token);
        while (true)
        {
            try
            {
                await available.WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (shutdown.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return null;
            }

            lock (gate)
            {
                if (IsShuttingDown)
                {
                    return null;
                }

                if (ready.Count == 0)
                {
                    continue;
                }

                var key = ready.Dequeue();
                var item = pending[key];
                pending.Remove(key);
                processing.Add(key);
                return new WorkItem(key, item.Trigger, item.QueuedAt, failures.GetValueOrDefault(key));
            }
        }
    }

    /// <summary>Ends processing of a key; if it was added meanwhile, it is queued again now.</summary>
    public void Done(QueueKey key)
    {
        lock (gate)
        {
            processing.Remove(key);
            if (pending.ContainsKey(key) && !IsShuttingDown)
            {
                ready.Enqueue(key);
                available.Release();
            }
        }
    }

    /// <summary>Stops handing out keys: waiting and later <see cref="GetAsync"/> calls return null; scheduled keys are dropped.</summary>
    public void ShutDown()
    {
        lock (gate)
        {
            if (IsShuttingDown)
            {
                return;
            }

            shutdown.Cancel();
            foreach (var entry in scheduled.Values)
            {
                entry.Timer.Dispose();
            }

            scheduled.Clear();
        }
    }

    public void Dispose()
    {
        ShutDown();
        shutdown.Dispose();
        available.Dispose();
    }

    private TimeSpan Backoff(int failureCount)
    {
        var exponent = Math.Min(failureCount - 1, 40);
        var ticks = options.RetryBaseDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= options.RetryMaxDelay.Ticks ? options.RetryMaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    private void Fire(QueueKey key, object id)
    {
        ReconcileTrigger trigger;
        lock (gate)
        {
            if (!scheduled.TryGetValue(key, out var entry) || entry.Id != id)
            {
                return;
            }

            scheduled.Remove(key);
            entry.Timer.Dispose();
            trigger = entry.Trigger;
        }

        Add(key, trigger);
    }

    private sealed record Pending(ReconcileTrigger Trigger, DateTimeOffset QueuedAt);

    private sealed record Scheduled(object Id, DateTimeOffset Due, ReconcileTrigger Trigger, ITimer Timer);
}
