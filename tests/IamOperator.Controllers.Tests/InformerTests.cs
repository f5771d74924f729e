using System.Collections.Concurrent;
using IamOperator.Controllers.InMemory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace IamOperator.Controllers.Tests;

public sealed class InformerTests : IAsyncDisposable
{
    private static readonly CustomResourceKind Kind = Widget.Crd;
    private readonly FakeTimeProvider time = new();
    private readonly InMemoryKubernetesApi api;
    private readonly ConcurrentQueue<CacheChange<Widget>> changes = new();
    private readonly CancellationTokenSource stop = new();
    private readonly CancellationToken ct = TestContext.Timeout(10);
    private int lists;
    private int watches;
    private volatile bool watchRefused;
    private Task? running;

    public InformerTests()
    {
        api = new InMemoryKubernetesApi(time, new InMemoryKubernetesApiOptions { RetainedEvents = 3 });
        api.FaultInjector = r =>
        {
            if (r.Verb == "list")
            {
                Interlocked.Increment(ref lists);
            }
            else if (r.Verb == "watch")
            {
                Interlocked.Increment(ref watches);
                return watchRefused ? new KubernetesApiException(503, "ServiceUnavailable", "disconnected by the test") : null;
            }

            return null;
        };
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        if (running is not null)
        {
            await running;
        }

        stop.Dispose();
    }

    [Fact]
    public async Task It_lists_into_the_cache_and_reports_synced()
    {
        await api.CreateAsync(Kind, Widget.New("a"), ct);
        await api.CreateAsync(Kind, Widget.New("b", "other"), ct);

        var informer = Start();
        await informer.WaitForSyncAsync(ct);

        Assert.True(informer.HasSynced);
        Assert.NotNull(informer.Get("default", "a"));
        Assert.NotNull(informer.Get("other", "b"));
        Assert.Equal(2, changes.Count(c => c.Type == CacheChangeType.Added));
    }

    [Fact]
    public async Task Cached_objects_hold_no_managedFields_which_nothing_reads_and_the_server_keeps()
    {
        var widget = Widget.New("a");
        widget.Metadata.ManagedFields = [new k8s.Models.V1ManagedFieldsEntry { Manager = "kubectl", Operation = "Update", ApiVersion = "v1" }];
        await api.CreateAsync(Kind, widget, ct);

        var informer = Start();
        await informer.WaitForSyncAsync(ct);

        Assert.Null(informer.Get("default", "a")!.Metadata.ManagedFields);
    }

    [Fact]
    public async Task Cached_objects_hold_no_copy_of_kubectls_last_applied_manifest_and_keep_every_other_annotation()
    {
        var widget = Widget.New("a");
        widget.Metadata.Annotations = new Dictionary<string, string>
        {
            [Informer<Widget>.LastAppliedAnnotation] = """{"apiVersion":"example.io/v1","kind":"Widget","metadata":{"name":"a"}}""",
            ["iamoperator.dev/reset-password"] = "2026-12-07",
        };
        await api.CreateAsync(Kind, widget, ct);

        var informer = Start();
        await informer.WaitForSyncAsync(ct);

        var annotations = informer.Get("default", "a")!.Metadata.Annotations!;
        Assert.False(annotations.ContainsKey(Informer<Widget>.LastAppliedAnnotation));
        Assert.Equal("2026-12-07", annotations["iamoperator.dev/reset-password"]);
    }

    [Fact]
    public async Task The_transform_sees_each_object_before_it_is_cached_listed_or_watched()
    {
        await api.CreateAsync(Kind, Widget.New("a"), ct);
        var informer = new Informer<Widget>(api, Kind, new InformerOptions
        {
            Transform = o => o.Metadata.Labels = new Dictionary<string, string> { ["transformed"] = o.Metadata.ResourceVersion },
        }, time, NullLogger.Instance);
        running = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(ct);
        Assert.Equal(informer.Get("default", "a")!.Metadata.ResourceVersion, informer.Get("default", "a")!.Metadata.Labels["transformed"]);

        var created = await api.CreateAsync(Kind, Widget.New("b"), ct);
        await Eventually.True(() => informer.Get("default", "b") is not null, because: "the watch delivers b");
        Assert.Equal(created.Metadata.ResourceVersion, informer.Get("default", "b")!.Metadata.Labels["transformed"]);
    }

    [Fact]
    public async Task Watched_changes_update_the_cache_in_order()
    {
        var informer = Start();
        await informer.WaitForSyncAsync(ct);

        var a = await api.CreateAsync(Kind, Widget.New("a"), ct);
        a.Spec.Color = "red";
        await api.ReplaceAsync(Kind, a, ct);
        await api.DeleteAsync(Kind, "default", "a", ct);

        await Eventually.True(() => changes.Count == 3, because: "three changes");
        Assert.Equal([CacheChangeType.Added, CacheChangeType.Updated, CacheChangeType.Deleted], changes.Select(c => c.Type));
        Assert.Equal("blue", changes.ElementAt(1).Previous?.Spec.Color);
        Assert.Null(informer.Get("default", "a"));
    }

    [Fact]
    public async Task Only_the_listed_namespaces_are_cached()
    {
        var informer = Start(["one", "two"]);
        await informer.WaitForSyncAsync(ct);

        await api.CreateAsync(Kind, Widget.New("a", "one"), ct);
        await api.CreateAsync(Kind, Widget.New("b", "two"), ct);
        await api.CreateAsync(Kind, Widget.New("c", "three"), ct);
        await Eventually.True(() => informer.Items.Count == 2, because: "two cached");

        // A bookmark carries the server's latest version down each watch: once applied, c would have arrived before it.
        api.SendBookmarks();
        await CaughtUp(informer);
        Assert.Equal(["a", "b"], informer.Items.Select(i => i.Metadata.Name).Order());
    }

    [Fact]
    public async Task After_410_Gone_it_relists_and_reports_the_final_state_once_without_missing_a_deletion()
    {
        await api.CreateAsync(Kind, Widget.New("stays"), ct);
        await api.CreateAsync(Kind, Widget.New("goes"), ct);
        var informer = Start();
        await informer.WaitForSyncAsync(ct);
        await Eventually.True(() => api.OpenWatches == 1, because: "watch open");
        changes.Clear();

        // While disconnected: a deletion, a change and an addition, then the history is compacted.
        await Disconnect();
        await api.DeleteAsync(Kind, "default", "goes", ct);
        var stays = (await api.GetAsync<Widget>(Kind, "default", "stays", ct))!;
        stays.Spec.Color = "green";
        await api.ReplaceAsync(Kind, stays, ct);
        await api.CreateAsync(Kind, Widget.New("new"), ct);
        api.Compact();
        watchRefused = false;

        await Eventually.True(() => lists >= 2 && changes.Count >= 3, time, TimeSpan.FromMilliseconds(200), "re-list after 410");
        await CaughtUp(informer);
        Assert.Equal(
            [(CacheChangeType.Deleted, "goes"), (CacheChangeType.Updated, "stays"), (CacheChangeType.Added, "new")],
            changes.Select(c => (c.Type, c.Object.Metadata.Name!)).OrderBy(c => c.Item2 == "goes" ? 0 : c.Item2 == "stays" ? 1 : 2));
        Assert.Equal("green", informer.Get("default", "stays")!.Spec.Color);
        Assert.Null(informer.Get("default", "goes"));
    }

    [Fact]
    public async Task A_relist_of_unchanged_objects_reports_nothing()
    {
        await api.CreateAsync(Kind, Widget.New("a"), ct);
        var informer = Start();
        await informer.WaitForSyncAsync(ct);
        await Eventually.True(() => api.OpenWatches == 1, because: "watch open");
        changes.Clear();

        await Disconnect();
        await api.CreateAsync(Kind, Widget.New("b"), ct);
        api.Compact();
        watchRefused = false;

        await Eventually.True(() => lists >= 2 && informer.Get("default", "b") is not null, time, TimeSpan.FromMilliseconds(200), "re-list");
        Assert.Equal(["b"], changes.Select(c => c.Object.Metadata.Name));
    }

    [Fact]
    public async Task When_the_server_closes_the_watch_it_watches_again_from_the_last_version_without_relisting()
    {
        var informer = Start();
        await informer.WaitForSyncAsync(ct);
        await Eventually.True(() => api.OpenWatches == 1, because: "watch open");

        api.CloseWatches();
        await api.CreateAsync(Kind, Widget.New("a"), ct);

        await Eventually.True(() => informer.Get("default", "a") is not null, because: "event after re-watch");
        Assert.Equal(1, lists);
        Assert.Equal(2, watches);
    }

    [Fact]
    public async Task A_bookmark_keeps_the_version_fresh_so_a_re_watch_needs_no_relist()
    {
        var informer = Start(["quiet"]);
        await informer.WaitForSyncAsync(ct);
        await Eventually.True(() => api.OpenWatches == 1, because: "watch open");

        // Busy elsewhere: more changes than the window retains.
        for (var i = 0; i < 5; i++)
        {
            await api.CreateAsync(Kind, Widget.New($"busy-{i}", "busy"), ct);
        }

        api.SendBookmarks();
        await CaughtUp(informer);
        api.CloseWatches();
        await api.CreateAsync(Kind, Widget.New("a", "quiet"), ct);

        await Eventually.True(() => informer.Get("quiet", "a") is not null, because: "event after re-watch");
        Assert.Equal(1, lists);
    }

    [Fact]
    public async Task After_a_watch_error_it_reconnects_with_backoff()
    {
        var attempts = new ConcurrentQueue<DateTimeOffset>();
        api.FaultInjector = r =>
        {
            if (r.Verb != "watch") return null;
            attempts.Enqueue(time.GetUtcNow());
            return attempts.Count <= 2 ? new KubernetesApiException(503, "ServiceUnavailable", "down") : null;
        };
        var informer = Start();
        await informer.WaitForSyncAsync(ct);

        await api.CreateAsync(Kind, Widget.New("a"), ct);

        await Eventually.True(() => informer.Get("default", "a") is not null, time, TimeSpan.FromMilliseconds(200), "reconnect");
        var at = attempts.ToArray();
        Assert.Equal(3, at.Length);
        var options = new InformerOptions();
        Assert.True(at[1] - at[0] >= options.ReconnectBaseDelay, $"second watch {at[1] - at[0]} after the first");
        Assert.True(at[2] - at[1] >= 2 * options.ReconnectBaseDelay, $"third watch {at[2] - at[1]} after the second");
    }

    [Fact]
    public async Task A_failing_list_is_retried_with_backoff_and_sync_waits_for_it()
    {
        var attempts = new ConcurrentQueue<DateTimeOffset>();
        api.FaultInjector = r =>
        {
            if (r.Verb != "list") return null;
            attempts.Enqueue(time.GetUtcNow());
            return attempts.Count == 1 ? new ForbiddenException("not yet") : null;
        };

        var informer = Start();
        await Eventually.True(() => !attempts.IsEmpty, because: "the first list");
        Assert.False(informer.HasSynced);
        Assert.Null(informer.LastSyncResourceVersion);

        await Eventually.True(() => informer.HasSynced, time, TimeSpan.FromMilliseconds(200), "sync after retry");
        var at = attempts.ToArray();
        Assert.True(at[1] - at[0] >= new InformerOptions().ReconnectBaseDelay, $"second list {at[1] - at[0]} after the first");
    }

    /// <summary>Waits until the cache has applied everything the server has (its latest resourceVersion).</summary>
    private async Task CaughtUp(Informer<Widget> informer)
    {
        var latest = long.Parse(api.ResourceVersion);
        // The in-memory API numbers resourceVersions in order.
        await Eventually.True(() => informer.LastSyncResourceVersion is { } seen && long.Parse(seen) >= latest, because: $"the informer to apply resourceVersion {latest}");
    }

    /// <summary>Ends the watch and refuses new ones until <see cref="watchRefused"/> is cleared (reconnects wait on fake time).</summary>
    private async Task Disconnect()
    {
        var attempts = watches;
        watchRefused = true;
        api.CloseWatches();
        await Eventually.True(() => watches > attempts, because: "a refused reconnect");
    }

    [Fact]
    public async Task A_cluster_scoped_resource_is_listed_and_watched_cluster_wide_whatever_namespaces_are_configured()
    {
        await api.CreateAsync(Widget.ClusterCrd, Widget.New("a", null), ct);

        var informer = Start(["team-a", "team-b"], Widget.ClusterCrd);
        await informer.WaitForSyncAsync(ct);
        await api.CreateAsync(Widget.ClusterCrd, Widget.New("b", null), ct);

        await Eventually.True(() => informer.Get(null, "b") is not null, because: "the watched creation");
        Assert.Equal([null], informer.Scopes);
        Assert.Equal(1, lists);
        Assert.NotNull(informer.Get("", "a"));
        Assert.All(informer.Items, w => Assert.True(string.IsNullOrEmpty(w.Metadata.NamespaceProperty)));
    }

    private Informer<Widget> Start(IReadOnlyList<string>? namespaces = null, CustomResourceKind? kind = null)
    {
        var informer = new Informer<Widget>(api, kind ?? Kind, new InformerOptions { Namespaces = namespaces ?? [] }, time, NullLogger.Instance);
        informer.Changed += changes.Enqueue;
        running = informer.RunAsync(stop.Token);
        return informer;
    }
}
