using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using k8s;
using k8s.Models;

namespace IamOperator.Controllers.InMemory;

/// <summary>
/// An apiserver in memory for custom resources, namespaced or cluster-scoped (with the status subresource enabled), Leases,
/// Events and v1 Secrets, enforcing the API machinery semantics the controller runtime relies on. Each rule is listed, with
/// its source, in docs/controller.md; so is what it does not do (schema validation, server-side apply, …).
/// </summary>
/// <remarks>
/// Objects are kept as JSON, so callers never share instances with the store. One resourceVersion counter
/// (like etcd's revision) orders all writes; the last <see cref="InMemoryKubernetesApiOptions.RetainedEvents"/>
/// changes are kept for watches. An object of a cluster-scoped kind is stored in no namespace (key namespace "") and,
/// like the apiserver, without <c>metadata.namespace</c>.
/// </remarks>
public sealed class InMemoryKubernetesApi : IKubernetesApi
{
    private const string LeaseResource = "leases.coordination.k8s.io";
    private const string EventResource = "events.events.k8s.io";
    private const string SecretResource = "secrets";
    private static readonly WatchTarget SecretTarget = new(SecretResource, "v1", "Secret");
    private const string GenerateNameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    private readonly Lock gate = new();
    private readonly TimeProvider time;
    private readonly InMemoryKubernetesApiOptions options;
    private readonly Dictionary<ObjectKey, JsonObject> objects = [];
    private readonly Dictionary<ObjectKey, JsonObject> leases = [];
    private readonly List<Eventsv1Event> events = [];
    private readonly Queue<Change> history = new();
    private readonly List<WatchStream> watches = [];
    // Like etcd, revisions start at 1, so a list of an empty store never hands out "0" (which means "any version").
    private long revision = 1;
    private long compactedRevision = 1;

    public InMemoryKubernetesApi(TimeProvider? timeProvider = null, InMemoryKubernetesApiOptions? options = null)
    {
        time = timeProvider ?? TimeProvider.System;
        this.options = options ?? new InMemoryKubernetesApiOptions();
        if (this.options.RetainedEvents < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "RetainedEvents must be at least 1.");
        }
    }

    /// <summary>Called before every request; an exception it returns is thrown instead of serving the request.</summary>
    public Func<InMemoryRequest, Exception?>? FaultInjector { get; set; }

    /// <summary>The latest resourceVersion handed out.</summary>
    public string ResourceVersion
    {
        get
        {
            lock (gate)
            {
                return Rv(revision);
            }
        }
    }

    /// <summary>The Events recorded so far, oldest first.</summary>
    public IReadOnlyList<Eventsv1Event> Events
    {
        get
        {
            lock (gate)
            {
                return [.. events];
            }
        }
    }

    /// <summary>How many watch streams are open.</summary>
    public int OpenWatches
    {
        get
        {
            lock (gate)
            {
                return watches.Count;
            }
        }
    }

    /// <summary>
    /// Sends a BOOKMARK with the current resourceVersion to every open watch that asked for bookmarks (the
    /// apiserver does so before a watch's deadline and about once a minute), unless nothing happened since the
    /// watch started: the watch cache delivers only bookmarks newer than the version the watch started past
    /// (apiserver <c>cacheWatcher.process</c>), so a bookmark never repeats a version the client already holds.
    /// </summary>
    public void SendBookmarks()
    {
        lock (gate)
        {
            foreach (var watch in watches.Where(w => w.AllowBookmarks && revision > w.StartRevision))
            {
                var bookmark = new JsonObject
                {
                    ["apiVersion"] = watch.Target.ApiVersion,
                    ["kind"] = watch.Target.Kind,
                    ["metadata"] = new JsonObject { ["resourceVersion"] = Rv(revision) },
                };
                watch.Channel.Writer.TryWrite(new Change(revision, watch.Target.Resource, "", WatchEventKind.Bookmark, bookmark.ToJsonString(), null));
            }
        }
    }

    /// <summary>Ends every open watch stream, as the apiserver does when a watch times out.</summary>
    public void CloseWatches()
    {
        lock (gate)
        {
            foreach (var watch in watches)
            {
                watch.Channel.Writer.TryComplete();
            }

            watches.Clear();
        }
    }

    /// <summary>Forgets the watch history (like an etcd compaction): watches from any older resourceVersion get 410 Gone.</summary>
    public void Compact()
    {
        lock (gate)
        {
            history.Clear();
            compactedRevision = revision;
        }
    }

    public Task<ResourceList<T>> ListAsync<T>(CustomResourceKind kind, string? @namespace, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        @namespace = kind.CollectionNamespace(@namespace);
        Inject("list", kind.GroupResource, @namespace, null);
        lock (gate)
        {
            var items = objects
                .Where(o => o.Key.Resource == kind.GroupResource && (@namespace is null || o.Key.Namespace == @namespace))
                .OrderBy(o => o.Key.Namespace, StringComparer.Ordinal)
                .ThenBy(o => o.Key.Name, StringComparer.Ordinal)
                .Select(o => ToObject<T>(o.Value))
                .ToList();
            return Task.FromResult(new ResourceList<T>(items, Rv(revision)));
        }
    }

    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(
        CustomResourceKind kind, string? @namespace, string resourceVersion, bool allowBookmarks,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        @namespace = kind.CollectionNamespace(@namespace);
        Inject("watch", kind.GroupResource, @namespace, null);
        var target = new WatchTarget(kind.GroupResource, kind.ApiVersion, kind.Kind);
        await foreach (var change in Stream<T>(() => OpenWatch(target, @namespace, null, resourceVersion, allowBookmarks), cancellationToken).ConfigureAwait(false))
        {
            yield return change;
        }
    }

    private async IAsyncEnumerable<WatchEvent<T>> Stream<T>(Func<WatchStream> open, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var watch = open();
        try
        {
            await foreach (var change in watch.Channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return new WatchEvent<T>(change.Type, KubernetesJson.Deserialize<T>(change.Json));
            }
        }
        finally
        {
            lock (gate)
            {
                watches.Remove(watch);
            }
        }
    }

    public Task<T?> GetAsync<T>(CustomResourceKind kind, string? @namespace, string name, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        @namespace = kind.ObjectNamespace(@namespace);
        Inject("get", kind.GroupResource, @namespace, name);
        lock (gate)
        {
            return Task.FromResult(objects.TryGetValue(new ObjectKey(kind.GroupResource, @namespace ?? "", name), out var stored) ? ToObject<T>(stored) : null);
        }
    }

    public Task<T> CreateAsync<T>(CustomResourceKind kind, T resource, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var @namespace = RequireNamespace(kind, resource.Metadata);
        Inject("create", kind.GroupResource, @namespace, resource.Metadata.Name);
        var created = ToJson(resource);
        CheckTypeMeta(kind, created);
        lock (gate)
        {
            var metadata = Metadata(created);
            if (!string.IsNullOrEmpty((string?)metadata["resourceVersion"]))
            {
                // The storage layer refuses it with a plain error, which the apiserver reports as 500.
                throw new KubernetesApiException(500, "InternalError", "resourceVersion should not be set on objects to be created");
            }

            var name = NameForCreate(kind, metadata);
            CheckNames(kind, name, @namespace);
            var key = new ObjectKey(kind.GroupResource, @namespace ?? "", name);
            if (objects.ContainsKey(key))
            {
                throw new AlreadyExistsException($"{kind.GroupResource} \"{name}\" already exists");
            }

            // Status is set only through /status when the subresource is enabled; create drops it.
            created.Remove("status");
            metadata["name"] = name;
            // A cluster-scoped object is in no namespace: the apiserver clears one sent in the body.
            metadata.Remove("namespace");
            if (@namespace is not null)
            {
                metadata["namespace"] = @namespace;
            }

            metadata["uid"] = Guid.NewGuid().ToString();
            metadata["creationTimestamp"] = Timestamp(time.GetUtcNow());
            metadata["generation"] = 1;
            metadata.Remove("deletionTimestamp");
            metadata.Remove("deletionGracePeriodSeconds");
            Commit(key, WatchEventKind.Added, created);
            return Task.FromResult(ToObject<T>(created));
        }
    }

    public Task<T> ReplaceAsync<T>(CustomResourceKind kind, T resource, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var @namespace = RequireNamespace(kind, resource.Metadata);
        var name = resource.Metadata.Name ?? "";
        Inject("update", kind.GroupResource, @namespace, name);
        var replacement = ToJson(resource);
        CheckTypeMeta(kind, replacement);
        lock (gate)
        {
            var key = new ObjectKey(kind.GroupResource, @namespace ?? "", name);
            var existing = Existing(kind, key);
            var resourceVersion = resource.Metadata.ResourceVersion;
            if (string.IsNullOrEmpty(resourceVersion))
            {
                // Custom resources do not allow unconditional updates.
                throw new InvalidResourceException(
                    $"{kind.Kind}.{kind.Group} \"{name}\" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update");
            }

            CheckPrecondition(kind, name, existing, resourceVersion);
            var updated = (JsonObject)replacement.DeepClone();
            KeepSystemMetadata(Metadata(existing), Metadata(updated));
            // The main endpoint ignores status when the status subresource is enabled.
            updated.Remove("status");
            if (existing["status"] is { } status)
            {
                updated["status"] = status.DeepClone();
            }

            return Task.FromResult(ToObject<T>(Update(kind, key, existing, updated)));
        }
    }

    public Task<T> PatchMetadataAsync<T>(
        CustomResourceKind kind, string? @namespace, string name, JsonObject metadataPatch, string? resourceVersion, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        @namespace = kind.ObjectNamespace(@namespace);
        Inject("patch", kind.GroupResource, @namespace, name);
        lock (gate)
        {
            var key = new ObjectKey(kind.GroupResource, @namespace ?? "", name);
            var existing = Existing(kind, key);
            CheckPrecondition(kind, name, existing, resourceVersion);
            var updated = (JsonObject)existing.DeepClone();
            var metadata = (JsonObject)(JsonMergePatch.Apply(Metadata(existing), metadataPatch) ?? new JsonObject());
            KeepSystemMetadata(Metadata(existing), metadata);
            updated["metadata"] = metadata;
            return Task.FromResult(ToObject<T>(Update(kind, key, existing, updated)));
        }
    }

    public Task<T> PatchStatusAsync<T>(
        CustomResourceKind kind, string? @namespace, string name, JsonObject statusPatch, string? resourceVersion, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        @namespace = kind.ObjectNamespace(@namespace);
        Inject("patch-status", kind.GroupResource, @namespace, name);
        lock (gate)
        {
            var key = new ObjectKey(kind.GroupResource, @namespace ?? "", name);
            var existing = Existing(kind, key);
            CheckPrecondition(kind, name, existing, resourceVersion);
            // /status changes status only: spec and metadata stay as stored, generation does not move.
            var updated = (JsonObject)existing.DeepClone();
            var status = JsonMergePatch.Apply(existing["status"], statusPatch);
            updated.Remove("status");
            if (status is not null)
            {
                updated["status"] = status;
            }

            if (JsonNode.DeepEquals(existing, updated))
            {
                return Task.FromResult(ToObject<T>(existing));
            }

            Commit(key, WatchEventKind.Modified, updated);
            return Task.FromResult(ToObject<T>(updated));
        }
    }

    public Task DeleteAsync(CustomResourceKind kind, string? @namespace, string name, CancellationToken cancellationToken)
    {
        @namespace = kind.ObjectNamespace(@namespace);
        Inject("delete", kind.GroupResource, @namespace, name);
        lock (gate)
        {
            var key = new ObjectKey(kind.GroupResource, @namespace ?? "", name);
            var existing = Existing(kind, key);
            var metadata = Metadata(existing);
            if (Finalizers(metadata).Count == 0)
            {
                Remove(key, existing);
                return Task.CompletedTask;
            }

            if (metadata["deletionTimestamp"] is null)
            {
                // Finalizers hold the object: deletion is recorded, and like the apiserver's BeforeDelete
                // the generation moves so controllers see a new generation to act on.
                var updated = (JsonObject)existing.DeepClone();
                var updatedMetadata = Metadata(updated);
                updatedMetadata["deletionTimestamp"] = Timestamp(time.GetUtcNow());
                updatedMetadata["deletionGracePeriodSeconds"] = 0;
                updatedMetadata["generation"] = Generation(updatedMetadata) + 1;
                Commit(key, WatchEventKind.Modified, updated);
            }

            return Task.CompletedTask;
        }
    }

    public Task<V1Lease?> GetLeaseAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        Inject("get-lease", LeaseResource, @namespace, name);
        lock (gate)
        {
            return Task.FromResult(leases.TryGetValue(new ObjectKey(LeaseResource, @namespace, name), out var stored) ? ToObject<V1Lease>(stored) : null);
        }
    }

    public Task<V1Lease> CreateLeaseAsync(V1Lease lease, CancellationToken cancellationToken)
    {
        var @namespace = lease.Metadata?.NamespaceProperty ?? throw new ArgumentException("The Lease has no metadata.namespace.", nameof(lease));
        var name = lease.Metadata.Name ?? "";
        Inject("create-lease", LeaseResource, @namespace, name);
        lock (gate)
        {
            CheckNames("Lease.coordination.k8s.io", name, @namespace);
            var key = new ObjectKey(LeaseResource, @namespace, name);
            if (leases.ContainsKey(key))
            {
                throw new AlreadyExistsException($"{LeaseResource} \"{name}\" already exists");
            }

            var created = ToJson(lease);
            created["apiVersion"] = "coordination.k8s.io/v1";
            created["kind"] = "Lease";
            var metadata = Metadata(created);
            metadata["uid"] = Guid.NewGuid().ToString();
            metadata["creationTimestamp"] = Timestamp(time.GetUtcNow());
            metadata["resourceVersion"] = Rv(++revision);
            leases[key] = created;
            return Task.FromResult(ToObject<V1Lease>(created));
        }
    }

    public Task<V1Lease> ReplaceLeaseAsync(V1Lease lease, CancellationToken cancellationToken)
    {
        var @namespace = lease.Metadata?.NamespaceProperty ?? throw new ArgumentException("The Lease has no metadata.namespace.", nameof(lease));
        var name = lease.Metadata.Name ?? "";
        Inject("update-lease", LeaseResource, @namespace, name);
        lock (gate)
        {
            var key = new ObjectKey(LeaseResource, @namespace, name);
            if (!leases.TryGetValue(key, out var existing))
            {
                throw new NotFoundException($"{LeaseResource} \"{name}\" not found");
            }

            // Built-in kinds such as Lease allow an unconditional update (no resourceVersion); a given one is checked.
            var resourceVersion = lease.Metadata.ResourceVersion;
            if (!string.IsNullOrEmpty(resourceVersion) && resourceVersion != (string?)Metadata(existing)["resourceVersion"])
            {
                throw Conflict(LeaseResource, name);
            }

            var updated = ToJson(lease);
            updated["apiVersion"] = "coordination.k8s.io/v1";
            updated["kind"] = "Lease";
            var metadata = Metadata(updated);
            KeepSystemMetadata(Metadata(existing), metadata);
            if (!JsonNode.DeepEquals(existing, updated))
            {
                metadata["resourceVersion"] = Rv(++revision);
                leases[key] = updated;
            }

            return Task.FromResult(ToObject<V1Lease>(leases[key]));
        }
    }

    public Task CreateEventAsync(Eventsv1Event @event, CancellationToken cancellationToken)
    {
        var @namespace = @event.Metadata?.NamespaceProperty ?? throw new ArgumentException("The Event has no metadata.namespace.", nameof(@event));
        Inject("create-event", EventResource, @namespace, @event.Metadata.Name);
        if (!options.ServeEvents)
        {
            throw new NotFoundException("the server could not find the requested resource");
        }

        lock (gate)
        {
            var stored = ToJson(@event);
            var metadata = Metadata(stored);
            var name = NameForCreate("Event.events.k8s.io", metadata);
            CheckNames("Event.events.k8s.io", name, @namespace);
            if (events.Any(e => e.Metadata.NamespaceProperty == @namespace && e.Metadata.Name == name))
            {
                throw new AlreadyExistsException($"{EventResource} \"{name}\" already exists");
            }

            metadata["name"] = name;
            metadata["uid"] = Guid.NewGuid().ToString();
            metadata["creationTimestamp"] = Timestamp(time.GetUtcNow());
            metadata["resourceVersion"] = Rv(++revision);
            events.Add(ToObject<Eventsv1Event>(stored));
            return Task.CompletedTask;
        }
    }

    public Task<V1Secret?> GetSecretAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        Inject("get", SecretResource, @namespace, name);
        lock (gate)
        {
            return Task.FromResult(objects.TryGetValue(new ObjectKey(SecretResource, @namespace, name), out var stored) ? ToObject<V1Secret>(stored) : null);
        }
    }

    public Task<V1Secret> CreateSecretAsync(V1Secret secret, CancellationToken cancellationToken)
    {
        var @namespace = RequireSecretNamespace(secret.Metadata);
        Inject("create", SecretResource, @namespace, secret.Metadata.Name);
        var created = ToJson(secret);
        CheckSecretTypeMeta(created);
        lock (gate)
        {
            var metadata = Metadata(created);
            if (!string.IsNullOrEmpty((string?)metadata["resourceVersion"]))
            {
                throw new KubernetesApiException(500, "InternalError", "resourceVersion should not be set on objects to be created");
            }

            var name = NameForCreate("Secret", metadata);
            CheckNames("Secret", name, @namespace);
            var key = new ObjectKey(SecretResource, @namespace, name);
            if (objects.ContainsKey(key))
            {
                throw new AlreadyExistsException($"{SecretResource} \"{name}\" already exists");
            }

            SecretRules.Normalize(created);
            ThrowIfInvalid("Secret", name, SecretRules.Validate(created));
            metadata["name"] = name;
            metadata["namespace"] = @namespace;
            metadata["uid"] = Guid.NewGuid().ToString();
            metadata["creationTimestamp"] = Timestamp(time.GetUtcNow());
            // Built-in kinds without a spec keep no generation.
            metadata.Remove("generation");
            metadata.Remove("deletionTimestamp");
            metadata.Remove("deletionGracePeriodSeconds");
            Commit(key, WatchEventKind.Added, created);
            return Task.FromResult(ToObject<V1Secret>(created));
        }
    }

    public Task<V1Secret> ReplaceSecretAsync(V1Secret secret, CancellationToken cancellationToken)
    {
        var @namespace = RequireSecretNamespace(secret.Metadata);
        var name = secret.Metadata.Name ?? "";
        Inject("update", SecretResource, @namespace, name);
        var replacement = ToJson(secret);
        CheckSecretTypeMeta(replacement);
        lock (gate)
        {
            var key = new ObjectKey(SecretResource, @namespace, name);
            var existing = objects.TryGetValue(key, out var stored) ? stored : throw new NotFoundException($"{SecretResource} \"{name}\" not found");
            // Built-in kinds allow an unconditional update; a given resourceVersion is checked.
            var resourceVersion = secret.Metadata.ResourceVersion;
            if (!string.IsNullOrEmpty(resourceVersion) && resourceVersion != (string?)Metadata(existing)["resourceVersion"])
            {
                throw Conflict(SecretResource, name);
            }

            var updated = (JsonObject)replacement.DeepClone();
            KeepSystemMetadata(Metadata(existing), Metadata(updated));
            SecretRules.Normalize(updated);
            ThrowIfInvalid("Secret", name, SecretRules.ValidateUpdate(existing, updated));
            if (JsonNode.DeepEquals(existing, updated))
            {
                return Task.FromResult(ToObject<V1Secret>(existing));
            }

            Commit(key, WatchEventKind.Modified, updated);
            return Task.FromResult(ToObject<V1Secret>(updated));
        }
    }

    public Task DeleteSecretAsync(string @namespace, string name, string? resourceVersion, CancellationToken cancellationToken)
    {
        Inject("delete", SecretResource, @namespace, name);
        lock (gate)
        {
            var key = new ObjectKey(SecretResource, @namespace, name);
            var existing = objects.TryGetValue(key, out var stored) ? stored : throw new NotFoundException($"{SecretResource} \"{name}\" not found");
            var current = (string?)Metadata(existing)["resourceVersion"];
            if (resourceVersion is not null && resourceVersion != current)
            {
                throw new ConflictException(
                    $"Operation cannot be fulfilled on {SecretResource} \"{name}\": Precondition failed: ResourceVersion in precondition: {resourceVersion}, ResourceVersion in object meta: {current}");
            }

            Remove(key, existing);
            return Task.CompletedTask;
        }
    }

    public Task<ResourceList<V1Secret>> ListSecretsAsync(string? @namespace, string labelSelector, CancellationToken cancellationToken)
    {
        Inject("list", SecretResource, @namespace, null);
        var selector = LabelSelector.Parse(labelSelector);
        lock (gate)
        {
            var items = objects
                .Where(o => o.Key.Resource == SecretResource && (@namespace is null || o.Key.Namespace == @namespace) && selector.Matches(o.Value))
                .OrderBy(o => o.Key.Namespace, StringComparer.Ordinal)
                .ThenBy(o => o.Key.Name, StringComparer.Ordinal)
                .Select(o => ToObject<V1Secret>(o.Value))
                .ToList();
            return Task.FromResult(new ResourceList<V1Secret>(items, Rv(revision)));
        }
    }

    public IAsyncEnumerable<WatchEvent<V1Secret>> WatchSecretsAsync(
        string? @namespace, string labelSelector, string resourceVersion, bool allowBookmarks, CancellationToken cancellationToken)
    {
        Inject("watch", SecretResource, @namespace, null);
        var selector = LabelSelector.Parse(labelSelector);
        return Stream<V1Secret>(() => OpenWatch(SecretTarget, @namespace, selector, resourceVersion, allowBookmarks), cancellationToken);
    }

    private WatchStream OpenWatch(WatchTarget target, string? @namespace, LabelSelector? selector, string resourceVersion, bool allowBookmarks)
    {
        lock (gate)
        {
            List<Change> replay;
            long startRevision;
            if (string.IsNullOrEmpty(resourceVersion) || resourceVersion == "0")
            {
                // "Get state and start at most recent": synthetic ADDED events for what exists, then changes.
                replay = objects
                    .Where(o => WatchStream.Covers(target, @namespace, o.Key.Resource, o.Key.Namespace) && (selector?.Matches(o.Value) ?? true))
                    .OrderBy(o => o.Key.Namespace, StringComparer.Ordinal)
                    .ThenBy(o => o.Key.Name, StringComparer.Ordinal)
                    .Select(o => new Change(revision, o.Key.Resource, o.Key.Namespace, WatchEventKind.Added, o.Value.ToJsonString(), null))
                    .ToList();
                startRevision = revision;
            }
            else
            {
                if (!long.TryParse(resourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var from))
                {
                    throw new KubernetesApiException(400, "BadRequest", $"invalid resource version \"{resourceVersion}\"");
                }

                if (from < compactedRevision)
                {
                    throw new ResourceVersionExpiredException($"too old resource version: {from} ({compactedRevision})");
                }

                replay = history.Where(c => c.Revision > from && WatchStream.Covers(target, @namespace, c.Resource, c.Namespace))
                    .Select(c => WatchStream.Seen(selector, c)).OfType<Change>().ToList();
                startRevision = replay.Count > 0 ? Math.Max(from, replay[^1].Revision) : from;
            }

            var watch = new WatchStream(target, @namespace, selector, allowBookmarks, startRevision, Channel.CreateUnbounded<Change>(new UnboundedChannelOptions { SingleReader = true }));
            foreach (var change in replay)
            {
                watch.Channel.Writer.TryWrite(change);
            }

            watches.Add(watch);
            return watch;
        }
    }

    private JsonObject Update(CustomResourceKind kind, ObjectKey key, JsonObject existing, JsonObject updated)
    {
        var oldMetadata = Metadata(existing);
        var newMetadata = Metadata(updated);
        if (oldMetadata["deletionTimestamp"] is not null)
        {
            var added = Finalizers(newMetadata).Except(Finalizers(oldMetadata)).ToList();
            if (added.Count > 0)
            {
                throw new InvalidResourceException(
                    $"{kind.Kind}.{kind.Group} \"{key.Name}\" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{{{string.Join(", ", added.Select(f => $"\"{f}\""))}}}");
            }
        }

        if (!JsonNode.DeepEquals(WithoutMetadataAndStatus(existing), WithoutMetadataAndStatus(updated)))
        {
            newMetadata["generation"] = Generation(oldMetadata) + 1;
        }

        if (newMetadata["deletionTimestamp"] is not null && Finalizers(newMetadata).Count == 0)
        {
            Remove(key, updated);
            return updated;
        }

        if (JsonNode.DeepEquals(existing, updated))
        {
            // A write that changes nothing is not stored: no new resourceVersion, no watch event.
            return existing;
        }

        Commit(key, WatchEventKind.Modified, updated);
        return updated;
    }

    private void Remove(ObjectKey key, JsonObject last)
    {
        objects.Remove(key);
        var gone = (JsonObject)last.DeepClone();
        Record(key, WatchEventKind.Deleted, gone, null);
    }

    private void Commit(ObjectKey key, WatchEventKind type, JsonObject stored)
    {
        var previous = objects.TryGetValue(key, out var old) ? old.ToJsonString() : null;
        objects[key] = stored;
        Record(key, type, stored, previous);
    }

    private void Record(ObjectKey key, WatchEventKind type, JsonObject state, string? previous)
    {
        revision++;
        Metadata(state)["resourceVersion"] = Rv(revision);
        var change = new Change(revision, key.Resource, key.Namespace, type, state.ToJsonString(), previous);
        history.Enqueue(change);
        while (history.Count > options.RetainedEvents)
        {
            compactedRevision = history.Dequeue().Revision;
        }

        foreach (var watch in watches.Where(w => w.Matches(key)))
        {
            if (WatchStream.Seen(watch.Selector, change) is { } seen)
            {
                watch.Channel.Writer.TryWrite(seen);
            }
        }
    }

    private JsonObject Existing(CustomResourceKind kind, ObjectKey key) =>
        objects.TryGetValue(key, out var stored) ? stored : throw new NotFoundException($"{kind.GroupResource} \"{key.Name}\" not found");

    private void Inject(string verb, string resource, string? @namespace, string? name)
    {
        if (FaultInjector?.Invoke(new InMemoryRequest(verb, resource, @namespace, name)) is { } fault)
        {
            throw fault;
        }
    }

    private static void CheckPrecondition(CustomResourceKind kind, string name, JsonObject existing, string? resourceVersion)
    {
        if (!string.IsNullOrEmpty(resourceVersion) && resourceVersion != (string?)Metadata(existing)["resourceVersion"])
        {
            throw Conflict(kind.GroupResource, name);
        }
    }

    private static ConflictException Conflict(string groupResource, string name) =>
        new($"Operation cannot be fulfilled on {groupResource} \"{name}\": the object has been modified; please apply your changes to the latest version and try again");

    private static void CheckTypeMeta(CustomResourceKind kind, JsonObject body)
    {
        var apiVersion = (string?)body["apiVersion"];
        var bodyKind = (string?)body["kind"];
        if (string.IsNullOrEmpty(bodyKind))
        {
            // The apiserver decodes a custom resource by its kind: without one the body is unrecognized (400).
            throw new KubernetesApiException(400, "BadRequest", $"the object provided is unrecognized (must be of type {kind.Kind}): Object 'Kind' is missing");
        }

        if (!string.IsNullOrEmpty(apiVersion) && apiVersion != kind.ApiVersion)
        {
            throw new KubernetesApiException(400, "BadRequest", $"the API version in the data ({apiVersion}) does not match the expected API version ({kind.ApiVersion})");
        }

        if (!string.IsNullOrEmpty(bodyKind) && bodyKind != kind.Kind)
        {
            throw new KubernetesApiException(400, "BadRequest", $"the kind in the data ({bodyKind}) does not match the expected kind ({kind.Kind})");
        }

        body["apiVersion"] = kind.ApiVersion;
        body["kind"] = kind.Kind;
    }

    private static void CheckNames(CustomResourceKind kind, string name, string? @namespace) =>
        CheckNames($"{kind.Kind}.{kind.Group}", name, @namespace);

    /// <param name="namespace">Null for an object of a cluster-scoped kind, which has none to check.</param>
    private static void CheckNames(string qualifiedKind, string name, string? @namespace)
    {
        if (ObjectNameRules.CheckSubdomain(name) is { } nameProblem)
        {
            throw new InvalidResourceException($"{qualifiedKind} \"{name}\" is invalid: metadata.name: Invalid value: \"{name}\": {nameProblem}");
        }

        if (@namespace is not null && ObjectNameRules.CheckLabel(@namespace) is { } namespaceProblem)
        {
            throw new InvalidResourceException($"{qualifiedKind} \"{name}\" is invalid: metadata.namespace: Invalid value: \"{@namespace}\": {namespaceProblem}");
        }
    }

    private static string NameForCreate(CustomResourceKind kind, JsonObject metadata) => NameForCreate($"{kind.Kind}.{kind.Group}", metadata);

    private static string NameForCreate(string qualifiedKind, JsonObject metadata)
    {
        var name = (string?)metadata["name"];
        if (!string.IsNullOrEmpty(name))
        {
            return name;
        }

        var generateName = (string?)metadata["generateName"];
        if (string.IsNullOrEmpty(generateName))
        {
            throw new InvalidResourceException($"{qualifiedKind} \"\" is invalid: metadata.name: Required value: name or generateName is required");
        }

        // The apiserver appends five random characters from this alphabet (names.SimpleNameGenerator).
        return generateName + new string(Random.Shared.GetItems(GenerateNameAlphabet.AsSpan(), 5));
    }

    private static string RequireSecretNamespace(V1ObjectMeta? metadata) =>
        string.IsNullOrEmpty(metadata?.NamespaceProperty)
            ? throw new ArgumentException($"Secret '{metadata?.Name}' has no metadata.namespace; Secrets are namespaced.")
            : metadata.NamespaceProperty;

    /// <summary>The body's apiVersion and kind, when given, must be the endpoint's (v1 Secret); missing ones are defaulted from it.</summary>
    private static void CheckSecretTypeMeta(JsonObject body)
    {
        if ((string?)body["apiVersion"] is { Length: > 0 } apiVersion && apiVersion != SecretTarget.ApiVersion)
        {
            throw new KubernetesApiException(400, "BadRequest", $"the API version in the data ({apiVersion}) does not match the expected API version (v1)");
        }

        if ((string?)body["kind"] is { Length: > 0 } kind && kind != SecretTarget.Kind)
        {
            throw new KubernetesApiException(400, "BadRequest", $"the kind in the data ({kind}) does not match the expected kind (Secret)");
        }

        body["apiVersion"] = SecretTarget.ApiVersion;
        body["kind"] = SecretTarget.Kind;
    }

    /// <summary>422 with the apiserver's aggregate message: one field error as is, several in brackets.</summary>
    private static void ThrowIfInvalid(string kind, string name, List<string> errors)
    {
        if (errors.Count > 0)
        {
            var detail = errors.Count == 1 ? errors[0] : $"[{string.Join(", ", errors)}]";
            throw new InvalidResourceException($"{kind} \"{name}\" is invalid: {detail}");
        }
    }

    /// <summary>The object's namespace: required for a namespaced kind, null (whatever the body says) for a cluster-scoped one.</summary>
    private static string? RequireNamespace(CustomResourceKind kind, V1ObjectMeta? metadata) =>
        kind.ClusterScoped ? null
        : string.IsNullOrEmpty(metadata?.NamespaceProperty)
            ? throw new ArgumentException($"{kind.Kind} '{metadata?.Name}' has no metadata.namespace; {kind.GroupResource} is namespaced.")
            : metadata.NamespaceProperty;

    /// <summary>Fields the server owns: a client cannot change them through an update or patch.</summary>
    private static void KeepSystemMetadata(JsonObject stored, JsonObject incoming)
    {
        foreach (var field in new[] { "name", "namespace", "uid", "creationTimestamp", "generation", "resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds" })
        {
            incoming.Remove(field);
            if (stored[field] is { } value)
            {
                incoming[field] = value.DeepClone();
            }
        }
    }

    private static JsonObject WithoutMetadataAndStatus(JsonObject o)
    {
        var copy = (JsonObject)o.DeepClone();
        copy.Remove("metadata");
        copy.Remove("status");
        return copy;
    }

    private static JsonObject Metadata(JsonObject o)
    {
        if (o["metadata"] is JsonObject metadata)
        {
            return metadata;
        }

        metadata = [];
        o["metadata"] = metadata;
        return metadata;
    }

    private static List<string> Finalizers(JsonObject metadata) =>
        metadata["finalizers"] is JsonArray list ? [.. list.Select(f => (string?)f).OfType<string>()] : [];

    // JSON nodes built in code hold an int, parsed ones a JsonElement: read the number from its text either way.
    private static long Generation(JsonObject metadata) =>
        metadata["generation"] is { } g ? long.Parse(g.ToJsonString(), CultureInfo.InvariantCulture) : 0;

    private static string Rv(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Timestamp(DateTimeOffset now) => now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static JsonObject ToJson(object value)
    {
        var node = JsonNode.Parse(KubernetesJson.Serialize(value)) as JsonObject
            ?? throw new ArgumentException("The object does not serialize to a JSON object.", nameof(value));
        // Serializers differ on writing null for unset optional fields; the stored form omits them.
        foreach (var key in node.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            node.Remove(key);
        }

        return node;
    }

    private static T ToObject<T>(JsonObject stored) => KubernetesJson.Deserialize<T>(stored.ToJsonString());

    private readonly record struct ObjectKey(string Resource, string Namespace, string Name);

    /// <param name="Previous">The object before a modification, so a watch with a label selector can tell one that starts or stops matching.</param>
    private sealed record Change(long Revision, string Resource, string Namespace, WatchEventKind Type, string Json, string? Previous);

    /// <summary>What a watch serves: the resource as stored, and the apiVersion and kind its bookmarks carry.</summary>
    private sealed record WatchTarget(string Resource, string ApiVersion, string Kind);

    /// <param name="StartRevision">
    /// The newest revision the watch starts past: the one it was opened from, or the last change replayed to it.
    /// </param>
    private sealed record WatchStream(
        WatchTarget Target, string? Namespace, LabelSelector? Selector, bool AllowBookmarks, long StartRevision, Channel<Change> Channel)
    {
        public bool Matches(ObjectKey key) => Covers(Target, Namespace, key.Resource, key.Namespace);

        public static bool Covers(WatchTarget target, string? watchedNamespace, string resource, string @namespace) =>
            resource == target.Resource && (watchedNamespace is null || watchedNamespace == @namespace);

        /// <summary>
        /// The event a watch with <paramref name="selector"/> gets for a change, or null: like the apiserver's watch cache,
        /// an object that starts matching is Added, one that stops matching is Deleted (its last matching state, at the
        /// change's resourceVersion), and changes of objects that match neither before nor after are not sent.
        /// </summary>
        public static Change? Seen(LabelSelector? selector, Change change)
        {
            if (selector is null || change.Type == WatchEventKind.Bookmark)
            {
                return change;
            }

            var now = selector.Matches(JsonNode.Parse(change.Json)!.AsObject());
            if (change.Type != WatchEventKind.Modified)
            {
                return now ? change : null;
            }

            var before = change.Previous is { } previous && selector.Matches(JsonNode.Parse(previous)!.AsObject());
            switch (before, now)
            {
                case (true, true):
                    return change;
                case (false, true):
                    return change with { Type = WatchEventKind.Added };
                case (true, false):
                    var last = JsonNode.Parse(change.Previous!)!.AsObject();
                    Metadata(last)["resourceVersion"] = Rv(change.Revision);
                    return change with { Type = WatchEventKind.Deleted, Json = last.ToJsonString() };
                default:
                    return null;
            }
        }
    }
}
