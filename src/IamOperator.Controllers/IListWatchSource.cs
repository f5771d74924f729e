using k8s;
using k8s.Models;

namespace IamOperator.Controllers;

/// <summary>
/// What an <see cref="Informer{T}"/> keeps in step with: one resource type, listed and then watched from the list's
/// resourceVersion, in one namespace or (null) all. <see cref="ListWatchSources"/> makes the ones the operator uses.
/// </summary>
public interface IListWatchSource<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>The kind, for log lines (e.g. <c>IamUser</c>, <c>Secret</c>).</summary>
    string Kind { get; }

    /// <summary>
    /// The resource is cluster-scoped: its objects are in no namespace, so it is listed and watched cluster-wide (namespace
    /// null) whichever namespaces the informer is told to watch.
    /// </summary>
    bool ClusterScoped { get; }

    Task<ResourceList<T>> ListAsync(string? @namespace, CancellationToken cancellationToken);

    /// <summary>Changes after <paramref name="resourceVersion"/>, with bookmarks, as <see cref="IKubernetesApi.WatchAsync{T}"/>.</summary>
    IAsyncEnumerable<WatchEvent<T>> WatchAsync(string? @namespace, string resourceVersion, CancellationToken cancellationToken);
}

/// <summary>The list/watch sources of the resources the operator caches.</summary>
public static class ListWatchSources
{
    /// <summary>A custom resource, namespaced or cluster-scoped (<see cref="CustomResourceKind.ClusterScoped"/>).</summary>
    public static IListWatchSource<T> CustomResource<T>(IKubernetesApi api, CustomResourceKind kind)
        where T : class, IKubernetesObject<V1ObjectMeta> => new CustomResourceSource<T>(api, kind);

    /// <summary>
    /// The v1 Secrets matching <paramref name="labelSelector"/>: a Secret that loses the label leaves the cache (Deleted),
    /// so the operator caches its own Secrets and nobody else's.
    /// </summary>
    public static IListWatchSource<V1Secret> Secrets(IKubernetesApi api, string labelSelector) => new SecretSource(api, labelSelector);

    private sealed class CustomResourceSource<T>(IKubernetesApi api, CustomResourceKind kind) : IListWatchSource<T>
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        public string Kind => kind.Kind;

        public bool ClusterScoped => kind.ClusterScoped;

        public Task<ResourceList<T>> ListAsync(string? @namespace, CancellationToken cancellationToken) =>
            api.ListAsync<T>(kind, @namespace, cancellationToken);

        public IAsyncEnumerable<WatchEvent<T>> WatchAsync(string? @namespace, string resourceVersion, CancellationToken cancellationToken) =>
            api.WatchAsync<T>(kind, @namespace, resourceVersion, allowBookmarks: true, cancellationToken);
    }

    private sealed class SecretSource(IKubernetesApi api, string labelSelector) : IListWatchSource<V1Secret>
    {
        public string Kind => "Secret";

        public bool ClusterScoped => false;

        public Task<ResourceList<V1Secret>> ListAsync(string? @namespace, CancellationToken cancellationToken) =>
            api.ListSecretsAsync(@namespace, labelSelector, cancellationToken);

        public IAsyncEnumerable<WatchEvent<V1Secret>> WatchAsync(string? @namespace, string resourceVersion, CancellationToken cancellationToken) =>
            api.WatchSecretsAsync(@namespace, labelSelector, resourceVersion, allowBookmarks: true, cancellationToken);
    }
}
