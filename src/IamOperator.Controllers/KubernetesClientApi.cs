using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace IamOperator.Controllers;

/// <summary><see cref="IKubernetesApi"/> over a real apiserver through KubernetesClient.</summary>
/// <param name="client">The KubernetesClient to call the apiserver through.</param>
/// <param name="minWatchTimeout">
/// Each watch asks the server to end it after a random time between this and twice this (default 5 minutes,
/// client-go's reflector default), so a silently dropped connection cannot hang an informer forever. The
/// apiserver's watch cache sends its bookmark about 2 seconds before that deadline, or after a minute if that
/// comes first.
/// </param>
public sealed class KubernetesClientApi(IKubernetes client, TimeSpan? minWatchTimeout = null) : IKubernetesApi
{
    private readonly TimeSpan minWatchTimeout = minWatchTimeout switch
    {
        null => TimeSpan.FromMinutes(5),
        { TotalSeconds: >= 1 } given => given,
        _ => throw new ArgumentOutOfRangeException(nameof(minWatchTimeout), minWatchTimeout, "A watch timeout must be at least 1 second."),
    };

    // Pages keep a large list from being one huge response; the continue token keeps the snapshot consistent.
    private const int ListPageSize = 500;

    public async Task<ResourceList<T>> ListAsync<T>(CustomResourceKind kind, string? @namespace, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        @namespace = kind.CollectionNamespace(@namespace);
        var items = new List<T>();
        string? continueToken = null;
        string? resourceVersion = null;
        do
        {
            var page = await Call(async () =>
            {
                using var response = kind.ClusterScoped
                    ? await client.CustomObjects.ListClusterCustomObjectWithHttpMessagesAsync<KubernetesList<T>>(
                        kind.Group, kind.Version, kind.Plural, continueParameter: continueToken, limit: ListPageSize,
                        cancellationToken: cancellationToken).ConfigureAwait(false)
                    : @namespace is null
                    ? await client.CustomObjects.ListCustomObjectForAllNamespacesWithHttpMessagesAsync<KubernetesList<T>>(
                        kind.Group, kind.Version, kind.Plural, continueParameter: continueToken, limit: ListPageSize,
                        cancellationToken: cancellationToken).ConfigureAwait(false)
                    : await client.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync<KubernetesList<T>>(
                        kind.Group, kind.Version, @namespace, kind.Plural, continueParameter: continueToken, limit: ListPageSize,
                        cancellationToken: cancellationToken).ConfigureAwait(false);
                return response.Body;
            }).ConfigureAwait(false);
            items.AddRange(page.Items ?? []);
            resourceVersion ??= page.Metadata?.ResourceVersion;
            continueToken = page.Metadata?.ContinueProperty;
        }
        while (!string.IsNullOrEmpty(continueToken));
        return new ResourceList<T>(items, resourceVersion ?? "");
    }

    public IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(
        CustomResourceKind kind, string? @namespace, string resourceVersion, bool allowBookmarks, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        @namespace = kind.CollectionNamespace(@namespace);
        return Stream<object, T>(
            (timeoutSeconds, onError) => kind.ClusterScoped
                ? client.CustomObjects.WatchListClusterCustomObjectAsync(
                    kind.Group, kind.Version, kind.Plural, allowWatchBookmarks: allowBookmarks, resourceVersion: resourceVersion,
                    timeoutSeconds: timeoutSeconds, onError: onError, cancellationToken: cancellationToken)
                : @namespace is null
                ? client.CustomObjects.WatchListCustomObjectForAllNamespacesAsync(
                    kind.Group, kind.Version, kind.Plural, allowWatchBookmarks: allowBookmarks, resourceVersion: resourceVersion,
                    timeoutSeconds: timeoutSeconds, onError: onError, cancellationToken: cancellationToken)
                : client.CustomObjects.WatchListNamespacedCustomObjectAsync(
                    kind.Group, kind.Version, @namespace, kind.Plural, allowWatchBookmarks: allowBookmarks, resourceVersion: resourceVersion,
                    timeoutSeconds: timeoutSeconds, onError: onError, cancellationToken: cancellationToken),
            kind.GroupResource, ToObject<T>, cancellationToken);
    }

    private async IAsyncEnumerable<WatchEvent<T>> Stream<TRaw, T>(
        Func<int, Action<Exception>, IAsyncEnumerable<(WatchEventType, TRaw)>> open, string resource, Func<TRaw, T> convert,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // KubernetesClient hands the apiserver's ERROR events (e.g. 410 Gone) to onError and keeps reading;
        // we keep the first one and end the stream with it as a typed exception.
        Exception? streamError = null;
        void OnError(Exception e) => streamError ??= e;

        // Like client-go's reflector: the server ends each watch after [min, 2 x min); the caller simply
        // watches again from its version.
        var timeoutSeconds = (int)(this.minWatchTimeout.TotalSeconds * (1 + Random.Shared.NextDouble()));
        var stream = open(timeoutSeconds, OnError);

        var enumerator = stream.GetAsyncEnumerator(cancellationToken);
        await using var disposeEnumerator = enumerator.ConfigureAwait(false);
        while (true)
        {
            bool hasNext;
            try
            {
                hasNext = await enumerator.MoveNextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException { StatusCode: null } or IOException && !cancellationToken.IsCancellationRequested)
            {
                // The apiserver ends a watch at its request timeout by closing the chunked stream, which the
                // client reports as a failed copy. That is the normal end of a watch: the caller watches again
                // from its last version (and a server that is really gone fails that next request).
                hasNext = false;
            }
            catch (Exception e) when (e is not OperationCanceledException && e is not KubernetesApiException)
            {
                throw Translate(e);
            }

            if (streamError is not null)
            {
                throw Translate(streamError);
            }

            if (!hasNext)
            {
                yield break;
            }

            var (type, raw) = enumerator.Current;
            var kindOfEvent = type switch
            {
                WatchEventType.Added => WatchEventKind.Added,
                WatchEventType.Modified => WatchEventKind.Modified,
                WatchEventType.Deleted => WatchEventKind.Deleted,
                WatchEventType.Bookmark => WatchEventKind.Bookmark,
                _ => throw new KubernetesApiException(500, "UnknownWatchEvent", $"Watch of {resource} sent an event of type {type}."),
            };
            yield return new WatchEvent<T>(kindOfEvent, convert(raw));
        }
    }

    public async Task<T?> GetAsync<T>(CustomResourceKind kind, string? @namespace, string name, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var ns = kind.ObjectNamespace(@namespace);
        return await CallOrNull(async () =>
        {
            using var response = ns is null
                ? await client.CustomObjects.GetClusterCustomObjectWithHttpMessagesAsync<T>(
                    kind.Group, kind.Version, kind.Plural, name, cancellationToken: cancellationToken).ConfigureAwait(false)
                : await client.CustomObjects.GetNamespacedCustomObjectWithHttpMessagesAsync<T>(
                    kind.Group, kind.Version, ns, kind.Plural, name, cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.Body;
        }).ConfigureAwait(false);
    }

    public Task<T> CreateAsync<T>(CustomResourceKind kind, T resource, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var ns = NamespaceOf(kind, resource);
        return Call(async () =>
        {
            // A cluster-scoped create ignores a namespace in the body: the apiserver clears it.
            using var response = ns is null
                ? await client.CustomObjects.CreateClusterCustomObjectWithHttpMessagesAsync<T>(
                    resource, kind.Group, kind.Version, kind.Plural, cancellationToken: cancellationToken).ConfigureAwait(false)
                : await client.CustomObjects.CreateNamespacedCustomObjectWithHttpMessagesAsync<T>(
                    resource, kind.Group, kind.Version, ns, kind.Plural, cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.Body;
        });
    }

    public Task<T> ReplaceAsync<T>(CustomResourceKind kind, T resource, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var ns = NamespaceOf(kind, resource);
        return Call(async () =>
        {
            using var response = ns is null
                ? await client.CustomObjects.ReplaceClusterCustomObjectWithHttpMessagesAsync<T>(
                    resource, kind.Group, kind.Version, kind.Plural, resource.Metadata.Name, cancellationToken: cancellationToken).ConfigureAwait(false)
                : await client.CustomObjects.ReplaceNamespacedCustomObjectWithHttpMessagesAsync<T>(
                    resource, kind.Group, kind.Version, ns, kind.Plural, resource.Metadata.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.Body;
        });
    }

    public Task<T> PatchMetadataAsync<T>(
        CustomResourceKind kind, string? @namespace, string name, JsonObject metadataPatch, string? resourceVersion, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var ns = kind.ObjectNamespace(@namespace);
        var patch = new V1Patch(MergePatchDocument.ForMetadata(metadataPatch, resourceVersion), V1Patch.PatchType.MergePatch);
        return Call(async () =>
        {
            using var response = ns is null
                ? await client.CustomObjects.PatchClusterCustomObjectWithHttpMessagesAsync<T>(
                    patch, kind.Group, kind.Version, kind.Plural, name, cancellationToken: cancellationToken).ConfigureAwait(false)
                : await client.CustomObjects.PatchNamespacedCustomObjectWithHttpMessagesAsync<T>(
                    patch, kind.Group, kind.Version, ns, kind.Plural, name, cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.Body;
        });
    }

    public Task<T> PatchStatusAsync<T>(
        CustomResourceKind kind, string? @namespace, string name, JsonObject statusPatch, string? resourceVersion, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var ns = kind.ObjectNamespace(@namespace);
        var patch = new V1Patch(MergePatchDocument.ForStatus(statusPatch, resourceVersion), V1Patch.PatchType.MergePatch);
        return Call(async () =>
        {
            using var response = ns is null
                ? await client.CustomObjects.PatchClusterCustomObjectStatusWithHttpMessagesAsync<T>(
                    patch, kind.Group, kind.Version, kind.Plural, name, cancellationToken: cancellationToken).ConfigureAwait(false)
                : await client.CustomObjects.PatchNamespacedCustomObjectStatusWithHttpMessagesAsync<T>(
                    patch, kind.Group, kind.Version, ns, kind.Plural, name, cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.Body;
        });
    }

    public Task DeleteAsync(CustomResourceKind kind, string? @namespace, string name, CancellationToken cancellationToken)
    {
        var ns = kind.ObjectNamespace(@namespace);
        return Call(async () =>
        {
            using var response = ns is null
                ? await client.CustomObjects.DeleteClusterCustomObjectWithHttpMessagesAsync(
                    kind.Group, kind.Version, kind.Plural, name, cancellationToken: cancellationToken).ConfigureAwait(false)
                : await client.CustomObjects.DeleteNamespacedCustomObjectWithHttpMessagesAsync(
                    kind.Group, kind.Version, ns, kind.Plural, name, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        });
    }

    public async Task<V1Lease?> GetLeaseAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        return await CallOrNull(async () =>
        {
            using var response = await client.CoordinationV1.ReadNamespacedLeaseWithHttpMessagesAsync(
                name, @namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.Body;
        }).ConfigureAwait(false);
    }

    public Task<V1Lease> CreateLeaseAsync(V1Lease lease, CancellationToken cancellationToken) =>
        Call(async () =>
        {
            using var response = await client.CoordinationV1.CreateNamespacedLeaseWithHttpMessagesAsync(
                lease, lease.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.Body;
        });

    public Task<V1Lease> ReplaceLeaseAsync(V1Lease lease, CancellationToken cancellationToken) =>
        Call(async () =>
        {
            using var response = await client.CoordinationV1.ReplaceNamespacedLeaseWithHttpMessagesAsync(
                lease, lease.Metadata.Name, lease.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.Body;
        });

    public Task CreateEventAsync(Eventsv1Event @event, CancellationToken cancellationToken) =>
        Call(async () =>
        {
            using var response = await client.EventsV1.CreateNamespacedEventWithHttpMessagesAsync(
                @event, @event.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        });

    public async Task<V1Secret?> GetSecretAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        return await CallOrNull(async () =>
        {
            using var response = await client.CoreV1.ReadNamespacedSecretWithHttpMessagesAsync(
                name, @namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.Body;
        }).ConfigureAwait(false);
    }

    public Task<V1Secret> CreateSecretAsync(V1Secret secret, CancellationToken cancellationToken)
    {
        var ns = RequireSecretNamespace(secret);
        return Call(async () =>
        {
            using var response = await client.CoreV1.CreateNamespacedSecretWithHttpMessagesAsync(
                secret, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.Body;
        });
    }

    public Task<V1Secret> ReplaceSecretAsync(V1Secret secret, CancellationToken cancellationToken)
    {
        var ns = RequireSecretNamespace(secret);
        return Call(async () =>
        {
            using var response = await client.CoreV1.ReplaceNamespacedSecretWithHttpMessagesAsync(
                secret, secret.Metadata.Name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.Body;
        });
    }

    public Task DeleteSecretAsync(string @namespace, string name, string? resourceVersion, CancellationToken cancellationToken) =>
        Call(async () =>
        {
            var options = resourceVersion is null ? null : new V1DeleteOptions { Preconditions = new V1Preconditions { ResourceVersion = resourceVersion } };
            using var response = await client.CoreV1.DeleteNamespacedSecretWithHttpMessagesAsync(
                name, @namespace, body: options, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        });

    public async Task<ResourceList<V1Secret>> ListSecretsAsync(string? @namespace, string labelSelector, CancellationToken cancellationToken)
    {
        var items = new List<V1Secret>();
        string? continueToken = null;
        string? resourceVersion = null;
        do
        {
            var page = await Call(async () =>
            {
                using var response = @namespace is null
                    ? await client.CoreV1.ListSecretForAllNamespacesWithHttpMessagesAsync(
                        continueParameter: continueToken, labelSelector: labelSelector, limit: ListPageSize,
                        cancellationToken: cancellationToken).ConfigureAwait(false)
                    : await client.CoreV1.ListNamespacedSecretWithHttpMessagesAsync(
                        @namespace, continueParameter: continueToken, labelSelector: labelSelector, limit: ListPageSize,
                        cancellationToken: cancellationToken).ConfigureAwait(false);
                return response.Body;
            }).ConfigureAwait(false);
            items.AddRange(page.Items ?? []);
            resourceVersion ??= page.Metadata?.ResourceVersion;
            continueToken = page.Metadata?.ContinueProperty;
        }
        while (!string.IsNullOrEmpty(continueToken));
        return new ResourceList<V1Secret>(items, resourceVersion ?? "");
    }

    public IAsyncEnumerable<WatchEvent<V1Secret>> WatchSecretsAsync(
        string? @namespace, string labelSelector, string resourceVersion, bool allowBookmarks, CancellationToken cancellationToken) =>
        Stream<V1Secret, V1Secret>(
            (timeoutSeconds, onError) => @namespace is null
                ? client.CoreV1.WatchListSecretForAllNamespacesAsync(
                    allowWatchBookmarks: allowBookmarks, labelSelector: labelSelector, resourceVersion: resourceVersion,
                    timeoutSeconds: timeoutSeconds, onError: onError, cancellationToken: cancellationToken)
                : client.CoreV1.WatchListNamespacedSecretAsync(
                    @namespace, allowWatchBookmarks: allowBookmarks, labelSelector: labelSelector, resourceVersion: resourceVersion,
                    timeoutSeconds: timeoutSeconds, onError: onError, cancellationToken: cancellationToken),
            "secrets", secret => secret, cancellationToken);

    private static string RequireSecretNamespace(V1Secret secret) =>
        string.IsNullOrEmpty(secret.Metadata?.NamespaceProperty)
            ? throw new ArgumentException($"Secret '{secret.Metadata?.Name}' has no metadata.namespace; Secrets are namespaced.", nameof(secret))
            : secret.Metadata.NamespaceProperty;

    /// <summary>The namespace of the object's path: its metadata.namespace, required for a namespaced kind; null for a cluster-scoped one.</summary>
    private static string? NamespaceOf<T>(CustomResourceKind kind, T resource)
        where T : IKubernetesObject<V1ObjectMeta> =>
        kind.ClusterScoped ? null
        : string.IsNullOrEmpty(resource.Metadata?.NamespaceProperty)
            ? throw new ArgumentException($"{kind.Kind} '{resource.Metadata?.Name}' has no metadata.namespace; {kind.GroupResource} is namespaced.", nameof(resource))
            : resource.Metadata.NamespaceProperty;

    private static T ToObject<T>(object raw) => raw switch
    {
        T typed => typed,
        JsonElement element => KubernetesJson.Deserialize<T>(element),
        _ => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(raw)),
    };

    /// <summary>A read whose 404 means "no such object": null instead of <see cref="NotFoundException"/>.</summary>
    private static async Task<TResult?> CallOrNull<TResult>(Func<Task<TResult>> call)
        where TResult : class
    {
        try
        {
            return await Call(call).ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    private static async Task<TResult> Call<TResult>(Func<Task<TResult>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpOperationException or KubernetesException)
        {
            throw Translate(e);
        }
    }

    private static Exception Translate(Exception e)
    {
        switch (e)
        {
            case KubernetesApiException:
                return e;
            case KubernetesException { Status: { } status }:
                return KubernetesApiException.FromStatus(status.Code ?? 500, status.Reason, status.Message, e);
            case HttpOperationException { Response: { } response } http:
                var code = (int)response.StatusCode;
                var status2 = TryReadStatus(response.Content);
                return KubernetesApiException.FromStatus(
                    status2?.Code ?? code, status2?.Reason ?? response.ReasonPhrase,
                    status2?.Message ?? $"{http.Request?.Method} {http.Request?.RequestUri}: {(HttpStatusCode)code} {response.Content}", e);
            default:
                return e;
        }
    }

    private static V1Status? TryReadStatus(string? content)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            return null;
        }

        try
        {
            var status = KubernetesJson.Deserialize<V1Status>(content);
            return status?.Kind == "Status" ? status : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
