using System.Diagnostics;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace IamOperator.Controllers;

/// <summary>
/// Drives an <see cref="IReconciler{T}"/> for one kind: an informer feeds a work queue, workers reconcile the
/// latest cached state of each key, the finalizer is added before the reconciler first sees an object and removed
/// only after its deletion reconcile succeeds, failures retry with per-key backoff, and every reconcile is a root
/// span with metrics.
/// </summary>
public sealed partial class Controller<T> : IController
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private const int FinalizerWriteAttempts = 5;

    private readonly IKubernetesApi api;
    private readonly IReconciler<T> reconciler;
    private readonly ControllerOptions options;
    private readonly ControllerMetrics metrics;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly Lock readinessGate = new();
    private readonly Dictionary<(string Namespace, string Name), bool> readiness = [];
    private int readyCount;
    private WorkQueue? queue;
    private volatile bool started;

    public Controller(
        IKubernetesApi api, CustomResourceKind kind, IReconciler<T> reconciler, ControllerOptions options,
        ControllerMetrics metrics, TimeProvider time, ILoggerFactory loggerFactory)
    {
        if (options.MaxConcurrentReconciles < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxConcurrentReconciles, "MaxConcurrentReconciles must be at least 1.");
        }

        this.api = api;
        Kind = kind;
        this.reconciler = reconciler;
        this.options = options;
        this.metrics = metrics;
        this.time = time;
        logger = loggerFactory.CreateLogger($"IamOperator.Controllers.Controller.{kind.Kind}");
        Informer = new Informer<T>(api, kind, new InformerOptions
        {
            Namespaces = options.Namespaces,
            ReconnectBaseDelay = options.ReconnectBaseDelay,
            ReconnectMaxDelay = options.ReconnectMaxDelay,
            Transform = options.CacheTransform,
        }, time, loggerFactory.CreateLogger($"IamOperator.Controllers.Informer.{kind.Kind}"));
        Informer.Changed += OnCacheChanged;
        metrics.Register(kind.Kind, () => queue?.Depth ?? 0, () => Readiness);
    }

    public CustomResourceKind Kind { get; }

    public Informer<T> Informer { get; }

    public bool HasSynced => Informer.HasSynced;

    /// <summary>
    /// Cached objects by their Ready condition, what the resources gauge reports: kept up to date as the cache
    /// changes, so a scrape costs nothing however many objects there are.
    /// </summary>
    public (int Ready, int NotReady) Readiness
    {
        get
        {
            lock (readinessGate)
            {
                return (readyCount, readiness.Count - readyCount);
            }
        }
    }

    /// <summary>
    /// True once the workers have queued every cached object and have nothing ready or in progress: everything the
    /// informer has applied so far (see <see cref="Informer{T}.LastSyncResourceVersion"/>) has been reconciled or
    /// judged not to need it. Keys scheduled for later (retries, requeues) wait on the clock and do not count.
    /// </summary>
    public bool IsIdle => started && queue is { IsIdle: true };

    /// <summary>Keys held by workers right now.</summary>
    public int InProgress => queue?.InProgress ?? 0;

    public Task RunCacheAsync(CancellationToken cancellationToken) => Informer.RunAsync(cancellationToken);

    public async Task RunWorkersAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Informer.WaitForSyncAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }

        using var work = new WorkQueue(options.Queue, time);
        using var reconcileCancellation = new CancellationTokenSource();
        queue = work;
        EnqueueAll(ReconcileTrigger.Watch);
        started = true;
        LogStarted(Kind.Kind, options.MaxConcurrentReconciles);

        var workers = Enumerable.Range(0, options.MaxConcurrentReconciles)
            .Select(_ => Task.Run(() => WorkAsync(work, reconcileCancellation.Token), CancellationToken.None))
            .ToList();
        using var resync = StartResync();

        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Shutdown (or lost leadership): stop taking keys, let in-flight reconciles finish.
        }

        started = false;
        resync?.Dispose();
        queue = null;
        work.ShutDown();
        LogStopping(Kind.Kind, work.InProgress, options.ShutdownGracePeriod);
        using var grace = time.CreateTimer(_ => reconcileCancellation.Cancel(), null, options.ShutdownGracePeriod, Timeout.InfiniteTimeSpan);
        await Task.WhenAll(workers).ConfigureAwait(false);
        LogStopped(Kind.Kind);
    }

    public void Enqueue(string @namespace, string name, ReconcileTrigger trigger) =>
        queue?.Add(new QueueKey(Kind.Kind, @namespace, name), trigger);

    public void EnqueueAll(ReconcileTrigger trigger)
    {
        foreach (var item in Informer.Items)
        {
            Enqueue(item.Metadata.NamespaceProperty ?? "", item.Metadata.Name ?? "", trigger);
        }
    }

    private void OnCacheChanged(CacheChange<T> change)
    {
        TrackReadiness(change);
        var reconcile = change.Type switch
        {
            CacheChangeType.Added => true,
            CacheChangeType.Updated => NeedsReconcile(change.Previous, change.Object),
            _ => false, // gone: cleanup already ran while the finalizer held the object
        };
        if (reconcile)
        {
            Enqueue(change.Object.Metadata.NamespaceProperty ?? "", change.Object.Metadata.Name ?? "", ReconcileTrigger.Watch);
        }
    }

    /// <summary>
    /// Status-only and finalizer-only updates (mostly our own writes) do not queue the object again: only a new
    /// generation, a deletion, or new labels or annotations do.
    /// </summary>
    private static bool NeedsReconcile(T? previous, T current)
    {
        if (previous is null)
        {
            return true;
        }

        var before = previous.Metadata;
        var after = current.Metadata;
        return before.Generation != after.Generation
            || before.DeletionTimestamp != after.DeletionTimestamp
            || !SameEntries(before.Labels, after.Labels)
            || !SameEntries(before.Annotations, after.Annotations);
    }

    private static bool SameEntries(IDictionary<string, string>? a, IDictionary<string, string>? b) =>
        (a is null || a.Count == 0) ? (b is null || b.Count == 0)
        : b is not null && a.Count == b.Count && a.All(e => b.TryGetValue(e.Key, out var v) && v == e.Value);

    /// <summary>
    /// Queues every cached object each resync period (plus jitter, so controllers started together spread out).
    /// A timer rather than a loop of delays: the objects are queued on the clock's own callback, before the clock
    /// call that made the period pass returns. Null when resync is off.
    /// </summary>
    private ITimer? StartResync()
    {
        if (options.ResyncPeriod <= TimeSpan.Zero)
        {
            return null;
        }

        ITimer? timer = null;
        timer = time.CreateTimer(_ =>
        {
            EnqueueAll(ReconcileTrigger.Resync);
            timer?.Change(NextResync(), Timeout.InfiniteTimeSpan);
        }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        timer.Change(NextResync(), Timeout.InfiniteTimeSpan);
        return timer;
    }

    private TimeSpan NextResync() => options.ResyncPeriod * (1 + (options.ResyncJitter * Random.Shared.NextDouble()));

    private async Task WorkAsync(WorkQueue work, CancellationToken reconcileToken)
    {
        // Each reconcile is a root span, whatever was current when the workers started.
        Activity.Current = null;
        while (await work.GetAsync(CancellationToken.None).ConfigureAwait(false) is { } item)
        {
            try
            {
                await ProcessAsync(work, item, reconcileToken).ConfigureAwait(false);
            }
            finally
            {
                work.Done(item.Key);
            }
        }
    }

    private async Task ProcessAsync(WorkQueue work, WorkItem item, CancellationToken cancellationToken)
    {
        var key = item.Key;
        metrics.Waited(Kind.Kind, time.GetUtcNow() - item.QueuedAt);
        var resource = Informer.Get(key.Namespace, key.Name);
        if (resource is null)
        {
            work.Forget(key);
            return;
        }

        using var activity = ControllerTelemetry.ActivitySource.StartActivity($"reconcile {Kind.Kind}", ActivityKind.Internal, parentContext: default);
        activity?.SetTag(ControllerTelemetry.KindAttribute, Kind.Kind);
        activity?.SetTag(ControllerTelemetry.NamespaceAttribute, key.Namespace);
        activity?.SetTag(ControllerTelemetry.NameAttribute, key.Name);
        activity?.SetTag(ControllerTelemetry.GenerationAttribute, resource.Metadata.Generation);
        activity?.SetTag(ControllerTelemetry.TriggerAttribute, ControllerTelemetry.TagValue(item.Trigger));

        var started = time.GetTimestamp();
        ReconcileResult result;
        try
        {
            result = await ReconcileAsync(resource, item.Trigger, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            activity?.AddException(e);
            LogReconcileThrew(e, Kind.Kind, key.Namespace, key.Name);
            result = ReconcileResult.Failed(e.Message);
        }

        var elapsed = time.GetElapsedTime(started);
        metrics.Reconciled(Kind.Kind, result.Outcome, elapsed);
        activity?.SetTag(ControllerTelemetry.OutcomeAttribute, ControllerTelemetry.TagValue(result.Outcome));
        activity?.SetTag(ControllerTelemetry.WritesAttribute, result.Writes);

        switch (result.Outcome)
        {
            case ReconcileResultKind.Success or ReconcileResultKind.Stalled when result.RequeueDelay is null:
                work.Forget(key);
                if (item.Trigger == ReconcileTrigger.Drift && result.Writes > 0)
                {
                    metrics.DriftCorrected(Kind.Kind);
                }

                break;
            case ReconcileResultKind.Requeue or ReconcileResultKind.Stalled:
                work.Forget(key);
                work.AddAfter(key, result.RequeueDelay ?? TimeSpan.Zero, ReconcileTrigger.Resync);
                break;
            default:
                activity?.SetStatus(ActivityStatusCode.Error, result.Error);
                var delay = work.AddRateLimited(key);
                metrics.Retried(Kind.Kind);
                LogReconcileFailed(Kind.Kind, key.Namespace, key.Name, result.Error ?? "", work.Failures(key), delay);
                break;
        }
    }

    private async Task<ReconcileResult> ReconcileAsync(T resource, ReconcileTrigger trigger, CancellationToken cancellationToken)
    {
        var metadata = resource.Metadata;
        if (metadata.DeletionTimestamp is not null)
        {
            if (!HasFinalizer(resource))
            {
                return ReconcileResult.Success();
            }

            var result = await reconciler.ReconcileAsync(resource, trigger, cancellationToken).ConfigureAwait(false);
            if (result.Outcome == ReconcileResultKind.Success)
            {
                await WriteFinalizerAsync(resource, add: false, cancellationToken).ConfigureAwait(false);
            }

            return result;
        }

        if (!HasFinalizer(resource))
        {
            // Before the reconciler can write anything external, so a deletion can never skip cleanup.
            var withFinalizer = await WriteFinalizerAsync(resource, add: true, cancellationToken).ConfigureAwait(false);
            if (withFinalizer is null)
            {
                return ReconcileResult.Success();
            }

            resource = withFinalizer;
            if (resource.Metadata.DeletionTimestamp is not null)
            {
                return ReconcileResult.RequeueAfter(TimeSpan.Zero);
            }
        }

        return await reconciler.ReconcileAsync(resource, trigger, cancellationToken).ConfigureAwait(false);
    }

    private bool HasFinalizer(T resource) => resource.Metadata.Finalizers?.Contains(options.Finalizer) == true;

    /// <summary>
    /// Adds or removes our finalizer with a conditional merge patch, re-reading on conflict. Returns the object as
    /// stored afterwards, or null when it no longer exists.
    /// </summary>
    private async Task<T?> WriteFinalizerAsync(T resource, bool add, CancellationToken cancellationToken)
    {
        var current = resource;
        for (var attempt = 1; ; attempt++)
        {
            var finalizers = current.Metadata.Finalizers?.ToList() ?? [];
            var has = finalizers.Contains(options.Finalizer);
            if (has == add)
            {
                return current;
            }

            if (add && current.Metadata.DeletionTimestamp is not null)
            {
                // The apiserver refuses new finalizers on an object being deleted; nothing of ours to clean up.
                return current;
            }

            if (add)
            {
                finalizers.Add(options.Finalizer);
            }
            else
            {
                finalizers.Remove(options.Finalizer);
            }

            var patch = new JsonObject
            {
                ["finalizers"] = finalizers.Count == 0 ? null : new JsonArray([.. finalizers.Select(f => (JsonNode?)f)]),
            };
            try
            {
                var updated = await api.PatchMetadataAsync<T>(
                    Kind, current.Metadata.NamespaceProperty, current.Metadata.Name, patch, current.Metadata.ResourceVersion, cancellationToken).ConfigureAwait(false);
                LogFinalizer(add ? "Added" : "Removed", options.Finalizer, Kind.Kind, current.Metadata.NamespaceProperty, current.Metadata.Name);
                return updated;
            }
            catch (ConflictException) when (attempt < FinalizerWriteAttempts)
            {
                var fresh = await api.GetAsync<T>(Kind, current.Metadata.NamespaceProperty, current.Metadata.Name, cancellationToken).ConfigureAwait(false);
                if (fresh is null)
                {
                    return null;
                }

                current = fresh;
            }
            catch (NotFoundException)
            {
                return null;
            }
        }
    }

    private void TrackReadiness(CacheChange<T> change)
    {
        var key = (change.Object.Metadata.NamespaceProperty ?? "", change.Object.Metadata.Name ?? "");
        var ready = change.Type != CacheChangeType.Deleted && IsReady(change.Object);
        lock (readinessGate)
        {
            if (readiness.Remove(key, out var wasReady) && wasReady)
            {
                readyCount--;
            }

            if (change.Type != CacheChangeType.Deleted)
            {
                readiness[key] = ready;
                if (ready)
                {
                    readyCount++;
                }
            }
        }
    }

    // The runtime is generic over T, so the status is read from its JSON form: once per change, not per scrape.
    private static bool IsReady(T item) =>
        JsonNode.Parse(KubernetesJson.Serialize(item))?["status"]?["conditions"] is JsonArray conditions
        && conditions.OfType<JsonObject>().Any(c => (string?)c["type"] == "Ready" && (string?)c["status"] == "True");

    [LoggerMessage(Level = LogLevel.Information, Message = "Controller for {Kind} started with {Workers} workers")]
    private partial void LogStarted(string kind, int workers);

    [LoggerMessage(Level = LogLevel.Information, Message = "Controller for {Kind} stopping; {InFlight} reconciles in flight get up to {Grace} to finish")]
    private partial void LogStopping(string kind, int inFlight, TimeSpan grace);

    [LoggerMessage(Level = LogLevel.Information, Message = "Controller for {Kind} stopped")]
    private partial void LogStopped(string kind);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reconcile of {Kind} {Namespace}/{Name} threw")]
    private partial void LogReconcileThrew(Exception exception, string kind, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconcile of {Kind} {Namespace}/{Name} failed: {Error}; retry {Failures} in {Delay}")]
    private partial void LogReconcileFailed(string kind, string @namespace, string name, string error, int failures, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Action} finalizer {Finalizer} on {Kind} {Namespace}/{Name}")]
    private partial void LogFinalizer(string action, string finalizer, string kind, string @namespace, string name);
}
