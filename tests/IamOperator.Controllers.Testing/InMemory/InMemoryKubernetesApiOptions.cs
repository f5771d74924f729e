namespace IamOperator.Controllers.InMemory;

/// <summary>Settings of <see cref="InMemoryKubernetesApi"/>.</summary>
public sealed class InMemoryKubernetesApiOptions
{
    /// <summary>
    /// How many changes the watch history keeps (the apiserver's watch cache / etcd compaction window).
    /// A watch from a resourceVersion older than the window gets 410 Gone. Small values let tests force it.
    /// </summary>
    public int RetainedEvents { get; set; } = 1000;

    /// <summary>Whether events.k8s.io/v1 Events are served; the CRD-only test apiserver does not serve them (404).</summary>
    public bool ServeEvents { get; set; } = true;
}
