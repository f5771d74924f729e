using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace IamOperator.Controllers;

/// <summary>
/// The part of the Kubernetes API the controller runtime uses: custom objects (namespaced or cluster-scoped), Leases,
/// Events and core v1 Secrets. Implemented over the real apiserver (<see cref="KubernetesClientApi"/>) and in memory
/// (<c>InMemoryKubernetesApi</c> in tests/IamOperator.Controllers.Testing) with the same semantics.
/// </summary>
/// <remarks>
/// Errors are typed: 404 <see cref="NotFoundException"/>, 409 <see cref="ConflictException"/> (stale
/// resourceVersion) or <see cref="AlreadyExistsException"/>, 410 <see cref="ResourceVersionExpiredException"/>,
/// 403 <see cref="ForbiddenException"/>, 422 <see cref="InvalidResourceException"/>; anything else is a
/// <see cref="KubernetesApiException"/> carrying the HTTP status code.
/// Objects are (de)serialized with <see cref="KubernetesJson"/>.
/// A cluster-scoped kind (<see cref="CustomResourceKind.ClusterScoped"/>) is addressed without a namespace: pass null
/// (or empty) where a namespace goes; objects of such a kind have no <c>metadata.namespace</c>. A namespace where none
/// belongs, or none where one is required, throws <see cref="ArgumentException"/> (<see cref="CustomResourceKind.ObjectNamespace"/>).
/// </remarks>
public interface IKubernetesApi
{
    /// <summary>
    /// Lists the objects of <paramref name="kind"/> in one namespace, or in all when <paramref name="namespace"/> is null;
    /// a cluster-scoped kind is always listed cluster-wide (namespace null).
    /// </summary>
    Task<ResourceList<T>> ListAsync<T>(CustomResourceKind kind, string? @namespace, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>
    /// Streams changes after <paramref name="resourceVersion"/> in order. The stream ends when the server closes
    /// it (callers re-watch from the last version seen). A version older than the server retains throws
    /// <see cref="ResourceVersionExpiredException"/> (410 Gone): re-list, then watch from the list's version.
    /// </summary>
    IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(
        CustomResourceKind kind, string? @namespace, string resourceVersion, bool allowBookmarks, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>Reads one object; null when it does not exist.</summary>
    Task<T?> GetAsync<T>(CustomResourceKind kind, string? @namespace, string name, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>
    /// Creates the object in <c>resource.Metadata.NamespaceProperty</c>, or for a cluster-scoped kind in no namespace
    /// (a namespace in the body is cleared, as the apiserver does). Status is ignored (status subresource).
    /// </summary>
    Task<T> CreateAsync<T>(CustomResourceKind kind, T resource, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>
    /// Replaces the object (spec and metadata; status is ignored). <c>metadata.resourceVersion</c> is required
    /// and checked: a stale one throws <see cref="ConflictException"/>.
    /// </summary>
    Task<T> ReplaceAsync<T>(CustomResourceKind kind, T resource, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>
    /// JSON merge patch (RFC 7386) of <c>metadata</c> only, e.g. <c>{"finalizers":["a/b"]}</c>.
    /// With <paramref name="resourceVersion"/> the patch is conditional and a stale version throws <see cref="ConflictException"/>.
    /// </summary>
    Task<T> PatchMetadataAsync<T>(
        CustomResourceKind kind, string? @namespace, string name, JsonObject metadataPatch, string? resourceVersion, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>
    /// JSON merge patch (RFC 7386) of <c>status</c> through the <c>/status</c> subresource (spec changes are ignored there).
    /// With <paramref name="resourceVersion"/> the patch is conditional and a stale version throws <see cref="ConflictException"/>.
    /// </summary>
    Task<T> PatchStatusAsync<T>(
        CustomResourceKind kind, string? @namespace, string name, JsonObject statusPatch, string? resourceVersion, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>
    /// Deletes the object. With finalizers it stays, with <c>deletionTimestamp</c> set, until the last finalizer is removed.
    /// Throws <see cref="NotFoundException"/> when it does not exist.
    /// </summary>
    Task DeleteAsync(CustomResourceKind kind, string? @namespace, string name, CancellationToken cancellationToken);

    /// <summary>Reads a coordination.k8s.io/v1 Lease; null when it does not exist.</summary>
    Task<V1Lease?> GetLeaseAsync(string @namespace, string name, CancellationToken cancellationToken);

    /// <summary>Creates a Lease; <see cref="AlreadyExistsException"/> when another candidate created it first.</summary>
    Task<V1Lease> CreateLeaseAsync(V1Lease lease, CancellationToken cancellationToken);

    /// <summary>Replaces a Lease; its resourceVersion is checked (<see cref="ConflictException"/>).</summary>
    Task<V1Lease> ReplaceLeaseAsync(V1Lease lease, CancellationToken cancellationToken);

    /// <summary>Creates an events.k8s.io/v1 Event in <c>event.Metadata.NamespaceProperty</c>.</summary>
    Task CreateEventAsync(Eventsv1Event @event, CancellationToken cancellationToken);

    /// <summary>Reads a v1 Secret; null when it does not exist.</summary>
    Task<V1Secret?> GetSecretAsync(string @namespace, string name, CancellationToken cancellationToken);

    /// <summary>
    /// Creates a Secret in <c>secret.Metadata.NamespaceProperty</c>; <c>stringData</c> is merged into <c>data</c>.
    /// <see cref="AlreadyExistsException"/> when the name is taken.
    /// </summary>
    Task<V1Secret> CreateSecretAsync(V1Secret secret, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces a Secret. A given <c>metadata.resourceVersion</c> is checked (<see cref="ConflictException"/> when stale);
    /// Secrets, a built-in kind, also allow an unconditional replace without one.
    /// </summary>
    Task<V1Secret> ReplaceSecretAsync(V1Secret secret, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes a Secret; <see cref="NotFoundException"/> when it does not exist. With <paramref name="resourceVersion"/>
    /// the delete is conditional (a precondition) and a changed Secret throws <see cref="ConflictException"/>.
    /// </summary>
    Task DeleteSecretAsync(string @namespace, string name, string? resourceVersion, CancellationToken cancellationToken);

    /// <summary>
    /// Lists the Secrets matching <paramref name="labelSelector"/> (e.g. <c>app.kubernetes.io/managed-by=iam-operator</c>)
    /// in one namespace, or in all when <paramref name="namespace"/> is null.
    /// </summary>
    Task<ResourceList<V1Secret>> ListSecretsAsync(string? @namespace, string labelSelector, CancellationToken cancellationToken);

    /// <summary>
    /// Streams changes of the Secrets matching <paramref name="labelSelector"/> after <paramref name="resourceVersion"/>,
    /// as <see cref="WatchAsync{T}"/> does: a Secret that stops matching is reported Deleted, one that starts matching Added.
    /// </summary>
    IAsyncEnumerable<WatchEvent<V1Secret>> WatchSecretsAsync(
        string? @namespace, string labelSelector, string resourceVersion, bool allowBookmarks, CancellationToken cancellationToken);
}
