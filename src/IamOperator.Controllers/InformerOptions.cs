using k8s;
using k8s.Models;

namespace IamOperator.Controllers;

/// <summary>What an <see cref="Informer{T}"/> watches and how it reconnects.</summary>
public sealed class InformerOptions
{
    /// <summary>
    /// Namespaces to watch; empty means all namespaces (one cluster-wide list and watch). A cluster-scoped resource
    /// ignores them: it is in no namespace, so it is always listed and watched cluster-wide.
    /// </summary>
    public IReadOnlyList<string> Namespaces { get; set; } = [];

    /// <summary>First delay before re-listing or re-watching after an error (client-go's reflector uses 800 ms).</summary>
    public TimeSpan ReconnectBaseDelay { get; set; } = TimeSpan.FromMilliseconds(800);

    /// <summary>Longest delay between reconnect attempts (client-go: 30 s).</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Applied to each object before it is cached, in place (client-go's SetTransform): e.g. to share the strings
    /// thousands of objects repeat. It must not change what readers of the cache see.
    /// </summary>
    public Action<IKubernetesObject<V1ObjectMeta>>? Transform { get; set; }
}
