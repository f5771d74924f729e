namespace IamOperator.Controllers;

/// <summary>A controller of one kind, as the runtime and the host see it, whatever its resource type.</summary>
public interface IController
{
    CustomResourceKind Kind { get; }

    /// <summary>True once the cache holds the full list.</summary>
    bool HasSynced { get; }

    /// <summary>Keeps the cache in step with the cluster until cancelled (runs on every replica).</summary>
    Task RunCacheAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Reconciles until cancelled (only the leader runs this). On cancellation no new key is taken and in-flight
    /// reconciles may finish within the grace period; the task completes when they have.
    /// </summary>
    Task RunWorkersAsync(CancellationToken cancellationToken);

    /// <summary>Queues one object from outside, e.g. the drift scan with <see cref="ReconcileTrigger.Drift"/>. Ignored while not running workers.</summary>
    void Enqueue(string @namespace, string name, ReconcileTrigger trigger);

    /// <summary>Queues every cached object.</summary>
    void EnqueueAll(ReconcileTrigger trigger);
}
