using k8s;
using k8s.Models;

namespace IamOperator.Controllers;

/// <summary>How a <see cref="Controller{T}"/> watches, paces and shuts down.</summary>
public sealed class ControllerOptions
{
    /// <summary>The finalizer the runtime adds before the first reconcile and removes after cleanup.</summary>
    public const string DefaultFinalizer = "iamoperator.dev/cleanup";

    /// <summary>Namespaces to watch; empty means all. A cluster-scoped kind is watched cluster-wide regardless.</summary>
    public IReadOnlyList<string> Namespaces { get; set; } = [];

    /// <summary>Reconciles of this kind that may run at once (never two of one object).</summary>
    public int MaxConcurrentReconciles { get; set; } = 4;

    /// <summary>
    /// Ten hours, controller-runtime's SyncPeriod and ACK's default resync: a safety net only, because
    /// watches deliver every change of an object and the drift scan finds changes made in IAM within minutes.
    /// Resyncing every object often would spend the account's shared IAM budget on reads that find nothing.
    /// </summary>
    public static readonly TimeSpan DefaultResyncPeriod = TimeSpan.FromHours(10);

    /// <summary>Every object is queued again this often (trigger resync); zero turns resync off.</summary>
    public TimeSpan ResyncPeriod { get; set; } = DefaultResyncPeriod;

    /// <summary>Each resync waits up to this fraction longer, so replicas and kinds do not resync in step.</summary>
    public double ResyncJitter { get; set; } = 0.1;

    public string Finalizer { get; set; } = DefaultFinalizer;

    /// <summary>After shutdown starts, in-flight reconciles may finish for this long before their token is cancelled.</summary>
    public TimeSpan ShutdownGracePeriod { get; set; } = TimeSpan.FromSeconds(30);

    public WorkQueueOptions Queue { get; set; } = new();

    /// <summary>First delay before the informer reconnects after an error.</summary>
    public TimeSpan ReconnectBaseDelay { get; set; } = TimeSpan.FromMilliseconds(800);

    /// <summary>Longest delay between informer reconnect attempts.</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The informer's transform of each object before it is cached (<see cref="InformerOptions.Transform"/>).</summary>
    public Action<IKubernetesObject<V1ObjectMeta>>? CacheTransform { get; set; }
}
