using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace IamOperator.Controllers;

/// <summary>
/// Keeps a cache of one resource type equal to the cluster: lists, then watches from the list's resourceVersion
/// with bookmarks, re-watches when the server closes the stream, re-lists on 410 Gone, and reconnects with
/// exponential backoff after errors. A re-list reconciles the cache with the list, so no final state is missed
/// (deletions while disconnected surface as <see cref="CacheChangeType.Deleted"/>) and none is reported twice
/// (an object whose resourceVersion is already cached raises nothing).
/// </summary>
public sealed partial class Informer<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly IListWatchSource<T> source;
    private readonly InformerOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly ConcurrentDictionary<(string Namespace, string Name), T> cache = new();
    private readonly ConcurrentDictionary<string, bool> synced = new();
    private readonly IReadOnlyList<string?> scopes;
    private readonly TaskCompletionSource syncedOnce = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile string? lastSyncResourceVersion;

    /// <summary>An informer of the custom resource <paramref name="kind"/>.</summary>
    public Informer(IKubernetesApi api, CustomResourceKind kind, InformerOptions options, TimeProvider time, ILogger logger)
        : this(ListWatchSources.CustomResource<T>(api, kind), options, time, logger)
    {
    }

    /// <summary>An informer of whatever <paramref name="source"/> lists and watches (e.g. the operator's own Secrets).</summary>
    public Informer(IListWatchSource<T> source, InformerOptions options, TimeProvider time, ILogger logger)
    {
        this.source = source;
        this.options = options;
        this.time = time;
        this.logger = logger;
        // A cluster-scoped resource is in no namespace: one cluster-wide list and watch, whatever namespaces are configured.
        scopes = source.ClusterScoped || options.Namespaces.Count == 0 ? [null] : [.. options.Namespaces.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>kubectl apply's record of the last manifest it applied (client-side apply); dropped from cached objects.</summary>
    public const string LastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

    /// <summary>Raised for every cache change, on the informer's loop: handlers must be quick (e.g. queue a key).</summary>
    public event Action<CacheChange<T>>? Changed;

    /// <summary>
    /// The namespaces listed and watched, one scope each; null is the whole cluster (no namespaces configured, or a
    /// cluster-scoped resource).
    /// </summary>
    public IReadOnlyList<string?> Scopes => scopes;

    /// <summary>True once every watched namespace (or the whole cluster) has been listed.</summary>
    public bool HasSynced => scopes.All(s => synced.ContainsKey(s ?? ""));

    /// <summary>Completes once <see cref="HasSynced"/> is true.</summary>
    public Task WaitForSyncAsync(CancellationToken cancellationToken) => syncedOnce.Task.WaitAsync(cancellationToken);

    /// <summary>
    /// The resourceVersion of the last list, watch event or bookmark the cache has applied, <see cref="Changed"/>
    /// handlers included (client-go's LastSyncResourceVersion); null before the first list. With several namespaces,
    /// that of the namespace that applied one last.
    /// </summary>
    public string? LastSyncResourceVersion => lastSyncResourceVersion;

    /// <summary>The cached object, or null; an object of a cluster-scoped resource has namespace null or "".</summary>
    public T? Get(string? @namespace, string name) => cache.TryGetValue((@namespace ?? "", name), out var o) ? o : null;

    /// <summary>A snapshot of the cache.</summary>
    public IReadOnlyList<T> Items => [.. cache.Values];

    /// <summary>Runs until cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(scopes.Select(scope => RunScopeAsync(scope, cancellationToken)));

    private async Task RunScopeAsync(string? @namespace, CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            string resourceVersion;
            try
            {
                var list = await source.ListAsync(@namespace, cancellationToken).ConfigureAwait(false);
                Replace(@namespace, list.Items);
                resourceVersion = list.ResourceVersion;
                lastSyncResourceVersion = resourceVersion;
                synced[@namespace ?? ""] = true;
                if (HasSynced)
                {
                    syncedOnce.TrySetResult();
                }

                failures = 0;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                failures++;
                LogListFailed(e, source.Kind, @namespace ?? "*", failures);
                await DelayAsync(failures, cancellationToken).ConfigureAwait(false);
                continue;
            }

            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await foreach (var change in source.WatchAsync(@namespace, resourceVersion, cancellationToken).ConfigureAwait(false))
                    {
                        resourceVersion = change.Object.Metadata?.ResourceVersion is { Length: > 0 } rv ? rv : resourceVersion;
                        switch (change.Type)
                        {
                            case WatchEventKind.Added or WatchEventKind.Modified:
                                Upsert(change.Object);
                                break;
                            case WatchEventKind.Deleted:
                                Remove(change.Object.Metadata?.NamespaceProperty ?? "", change.Object.Metadata?.Name ?? "", change.Object);
                                break;
                        }

                        lastSyncResourceVersion = resourceVersion;

                        failures = 0;
                    }

                    // The server ended the stream (watch timeout): carry on from the last version seen.
                }
                catch (ResourceVersionExpiredException e)
                {
                    LogExpired(source.Kind, @namespace ?? "*", resourceVersion, e.Message);
                    break;
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    failures++;
                    LogWatchFailed(e, source.Kind, @namespace ?? "*", failures);
                    await DelayAsync(failures, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private void Replace(string? @namespace, IReadOnlyList<T> items)
    {
        var listed = new HashSet<(string, string)>();
        foreach (var item in items)
        {
            listed.Add((item.Metadata.NamespaceProperty ?? "", item.Metadata.Name ?? ""));
            Upsert(item);
        }

        foreach (var (key, cached) in cache)
        {
            if ((@namespace is null || key.Namespace == @namespace) && !listed.Contains(key))
            {
                Remove(key.Namespace, key.Name, cached);
            }
        }
    }

    private void Upsert(T item)
    {
        var key = (item.Metadata.NamespaceProperty ?? "", item.Metadata.Name ?? "");
        var previous = cache.TryGetValue(key, out var old) ? old : null;
        if (previous is not null && previous.Metadata.ResourceVersion == item.Metadata.ResourceVersion)
        {
            return;
        }

        // managedFields (server-side apply's field ownership) is often the largest part of a small object and nothing
        // here reads it; an update sent without it keeps the server's. Dropped as controller-runtime's
        // TransformStripManagedFields does, so 10,000 cached objects do not hold 10,000 copies of it.
        item.Metadata.ManagedFields = null;
        // Likewise kubectl's client-side apply keeps a copy of the whole applied manifest in an annotation, as large
        // as the object; only kubectl reads it, and nothing here writes a cached object back (status and finalizers
        // are patched), so the server's copy stays.
        item.Metadata.Annotations?.Remove(LastAppliedAnnotation);
        options.Transform?.Invoke(item);
        cache[key] = item;
        Changed?.Invoke(new CacheChange<T>(previous is null ? CacheChangeType.Added : CacheChangeType.Updated, item, previous));
    }

    private void Remove(string @namespace, string name, T lastKnown)
    {
        if (cache.TryRemove((@namespace, name), out _))
        {
            Changed?.Invoke(new CacheChange<T>(CacheChangeType.Deleted, lastKnown, null));
        }
    }

    private async Task DelayAsync(int failures, CancellationToken cancellationToken)
    {
        var exponent = Math.Min(failures - 1, 20);
        var delay = TimeSpan.FromTicks((long)Math.Min(options.ReconnectMaxDelay.Ticks, options.ReconnectBaseDelay.Ticks * Math.Pow(2, exponent)));
        try
        {
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Shutting down; the loop ends on the next check.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listing {Kind} in {Namespace} failed (attempt {Failures}); retrying with backoff")]
    private partial void LogListFailed(Exception exception, string kind, string @namespace, int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watching {Kind} in {Namespace} failed (attempt {Failures}); reconnecting with backoff")]
    private partial void LogWatchFailed(Exception exception, string kind, string @namespace, int failures);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watch of {Kind} in {Namespace} from resourceVersion {ResourceVersion} expired ({Reason}); re-listing")]
    private partial void LogExpired(string kind, string @namespace, string resourceVersion, string reason);
}
