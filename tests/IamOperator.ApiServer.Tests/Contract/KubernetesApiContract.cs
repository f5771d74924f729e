using System.Text.Json.Nodes;
using IamOperator.ApiServer.Tests.Fixture;
using IamOperator.Controllers;
using k8s.Models;

namespace IamOperator.ApiServer.Tests.Contract;

/// <summary>
/// What the controller runtime relies on from <see cref="IKubernetesApi"/>, pinned once and run against
/// both the real API server and the in-memory one, so the in-memory API stays faithful.
/// </summary>
public abstract partial class KubernetesApiContract : IAsyncLifetime
{
    private static readonly TimeSpan WatchPatience = TimeSpan.FromSeconds(20);

    protected abstract IKubernetesApi Api { get; }

    /// <summary>A namespace of this test alone (the real server is shared by the whole run).</summary>
    protected string Namespace { get; } = $"contract-{Guid.NewGuid():N}"[..24];

    /// <summary>Makes the server send the bookmarks that are due to open watches, until cancelled.</summary>
    protected abstract Task ProvokeBookmarksAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Has the server send the bookmarks that are due to the open watch, then end it as its request timeout does.
    /// </summary>
    protected abstract Task SendDueBookmarksThenEndWatchesAsync(CancellationToken cancellationToken);

    /// <summary>Makes the server forget its watch history up to now, as a compaction does.</summary>
    protected abstract Task ForgetWatchHistoryAsync();

    private readonly CancellationTokenSource testTimeout = new(TimeSpan.FromSeconds(60));

    /// <summary>Bounds every call of a test, so a hanging server fails the test instead of the run.</summary>
    protected CancellationToken Timeout => testTimeout.Token;

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync()
    {
        testTimeout.Dispose();
        return Task.CompletedTask;
    }

    [ContractFact]
    public async Task Create_sets_uid_creationTimestamp_resourceVersion_and_generation_1()
    {
        var created = await Api.CreateAsync(Widget.Resource, Widget.New(Namespace, "a"), Timeout);

        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.NotNull(created.Metadata.CreationTimestamp);
        Assert.False(string.IsNullOrEmpty(created.Metadata.ResourceVersion));
        Assert.Equal(1, created.Metadata.Generation);
        Assert.Equal(Namespace, created.Metadata.NamespaceProperty);
    }

    [ContractFact]
    public async Task Create_of_an_existing_name_fails_with_AlreadyExists()
    {
        await Api.CreateAsync(Widget.Resource, Widget.New(Namespace, "a"), Timeout);

        var error = await Assert.ThrowsAsync<AlreadyExistsException>(() => Api.CreateAsync(Widget.Resource, Widget.New(Namespace, "a"), Timeout));

        Assert.Contains("\"a\" already exists", error.Message);
    }

    [ContractFact]
    public async Task Create_ignores_status_because_status_is_a_subresource()
    {
        var widget = Widget.New(Namespace, "a");
        widget.Status = new WidgetStatus { Phase = "Ready" };

        var created = await Api.CreateAsync(Widget.Resource, widget, Timeout);

        Assert.Null(created.Status?.Phase);
        Assert.Null((await Api.GetAsync<Widget>(Widget.Resource, Namespace, "a", Timeout))!.Status?.Phase);
    }

    [ContractFact]
    public async Task Create_with_an_invalid_name_fails_with_Invalid_naming_the_field()
    {
        var error = await Assert.ThrowsAsync<InvalidResourceException>(() => Api.CreateAsync(Widget.Resource, Widget.New(Namespace, "Not_A_Name"), Timeout));

        Assert.Contains("metadata.name", error.Message);
        Assert.Equal(422, error.StatusCode);
    }

    [ContractFact]
    public async Task Get_of_a_missing_object_returns_null()
    {
        Assert.Null(await Api.GetAsync<Widget>(Widget.Resource, Namespace, "missing", Timeout));
    }

    [ContractFact]
    public async Task List_returns_the_objects_of_one_namespace_or_of_all_with_a_resourceVersion()
    {
        var other = Namespace + "-b";
        await Api.CreateAsync(Widget.Resource, Widget.New(Namespace, "a"), Timeout);
        await Api.CreateAsync(Widget.Resource, Widget.New(Namespace, "b"), Timeout);
        await Api.CreateAsync(Widget.Resource, Widget.New(other, "c"), Timeout);

        var inOne = await Api.ListAsync<Widget>(Widget.Resource, Namespace, Timeout);
        var inAll = await Api.ListAsync<Widget>(Widget.Resource, null, Timeout);

        Assert.Equal(["a", "b"], inOne.Items.Select(w => w.Metadata.Name).Order());
        Assert.False(string.IsNullOrEmpty(inOne.ResourceVersion));
        Assert.Contains(inAll.Items, w => w.Metadata.NamespaceProperty == other && w.Metadata.Name == "c");
        Assert.Contains(inAll.Items, w => w.Metadata.NamespaceProperty == Namespace && w.Metadata.Name == "a");
    }

    [ContractFact]
    public async Task Replace_with_a_stale_resourceVersion_fails_with_Conflict()
    {
        var created = await Api.CreateAsync(Widget.Resource, Widget.New(Namespace, "a", size: 1), Timeout);
        created.Spec.Size = 2;
        await Api.ReplaceAsync(Widget.Resource, created, Timeout);

        created.Spec.Size = 3; // still carries the first resourceVersion
        await Assert.ThrowsAsync<ConflictException>(() => Api.ReplaceAsync(Widget.Resource, created, Timeout));

        Assert.Equal(2, (await Api.GetAsync<Widget>(Widget.Resource, Namespace, "a", Timeout))!.Spec.Size);
    }

    [ContractFact]
    public async Task Replace_changing_the_spec_increments_generation()
    {
        var created = await Api.CreateAsync(Widget.Resource, Widget.New(Namespace, "a", size: 1), Timeout);
        created.Spec.Size = 2;

        var replaced = await Api.ReplaceAsync(Widget.Resource, created, Timeout);

        Assert.Equal(2, replaced.Metadata.Generation);
        Assert.NotEqual(created.Metadata.ResourceVersion, replaced.Metadata.ResourceVersion);
    }

    [ContractFact]
    public async Task Replace_changing_only_metadata_keeps_generation()
    {
        var created = await Api.CreateAsync(Widget.Resource, Widget.New(Namespace, "a"), Timeout);
        created.Metadata.Labels = new Dictionary<string, string> { ["team"] = "platform" };

        var replaced = await Api.ReplaceAsync(Widget.Resource, created, Timeout);

        Assert.Equal(1, replaced.Metadata.Generation);
        Assert.Equal("platform", replaced.Metadata.Labels["team"]);
    }

    [ContractFact]
    public async Task Replace_that_changes_nothing_keeps_the_resourceVersion()
    {
        var created = await Api.CreateAsync(Widget.Resource, Widget.New(Namespace, "a"), Timeout);

        var replaced = await Api.ReplaceAsync(Widget.Resource, created, Timeout);

        Assert.Equal(created.Metadata.ResourceVersion, replaced.Metadata.ResourceVersion);
    }

    [ContractFact]
    public async Task Create_without_kind_is_refused()
    {
        var widget = Widget.New(Namespace, "a");
        widget.Kind = null!;

        var error = await Assert.ThrowsAnyAsync<KubernetesApiException>(() => Api.CreateAsync(Widget.Resource, widget, Timeout));

        Assert.Equal(400, error.StatusCode);
    }

    [ContractFact]
    public async Task Replace_ignores_status_changes()
    {
        var created = await Api.CreateAsync(Widget.Resource, Widget.New(Namespace, "a"), Timeout);
        created.Status = new WidgetStatus { Phase = "Ready" };

        var replaced = await Api.ReplaceAsync(Widget.Resource, created, Timeout);

        Assert.Null(replaced.Status?.Phase);
    }

    [ContractFact]
    public async Task PatchStatus_changes_status_without_touching_spec_or_generation()
    {
        var created = await Api.CreateAsync(Widget.Resource, Widget.New(Namespace, "a", size: 4), Timeout);

        var patched = await Api.PatchStatusAsync<Widget>(Widget.Resource, Namespace, "a",
            new JsonObject { ["phase"] = "Ready", ["observedGeneration"] = 1 }, created.Metadata.ResourceVersion, Timeout);

        Assert.Equal("Ready", patched.Status?.Phase);
        Assert.Equal(1, patched.Status?.ObservedGeneration);
        Assert.Equal(1, patched.Metadata.Generation);
        Assert.Equal(4, patched.Spec.Size);
    }

    [ContractFact]
    public async Task PatchStatus_with_null_removes_a_field_as_merge_patch_says()
    {
        await Api.CreateAsync(Widget.Resource, Widget.New(Namespace, "a"), Timeout);
        await Api.PatchStatusAsync<Widget>(Widget.Resource, Namespace, "a", new JsonObject { ["phase"] = "Ready", ["observedGeneration"] = 1 }, null, Timeout);

        var patched = await Api.PatchStatusAsync<Widget>(Widget.Resource, Namespace, "a", new JsonObject { ["phase"] = null }, null, Timeout);

        Assert.Null(patched.Status?.Phase);
        Assert.Equal(1, patched.Status?.ObservedGeneration);
    }

    [ContractFact]
    public async Task PatchStatus_with_a_stale_resourceVersion_fails_with_Conflict()
    {
        var created = await Api.CreateAsync(Widget.Resource, Widget.New(Namespace, "a"), Timeout);
        await Api.PatchStatusAsync<Widget>(Widget.Resource, Namespace, "a", new JsonObject { ["phase"] = "Pending" }, created.Metadata.ResourceVersion, Timeout);

        await Assert.ThrowsAsync<ConflictException>(() => Api.PatchStatusAsync<Widget>(
            Widget.Resource, Namespace, "a", new JsonObject { ["phase"] = "Ready" }, created.Metadata.ResourceVersion, Timeout));

        Assert.Equal("Pending", (await Api.GetAsync<Widget>(Widget.Resource, Namespace, "a", Timeout))!.Status?.Phase);
    }

    [ContractFact]
    public async Task PatchMetadata_sets_finalizers_and_keeps_generation()
    {
        var created = await Api.CreateAsync(Widget.Resource, Widget.New(Namespace, "a"), Timeout);

        var patched = await Api.PatchMetadataAsync<Widget>(Widget.Resource, Namespace, "a",
            new JsonObject { ["finalizers"] = new JsonArray("iamoperator.dev/cleanup") }, created.Metadata.ResourceVersion, Timeout);

        Assert.Equal(["iamoperator.dev/cleanup"], patched.Metadata.Finalizers);
        Assert.Equal(1, patched.Metadata.Generation);
    }

    [ContractFact]
    public async Task PatchMetadata_with_a_stale_resourceVersion_fails_with_Conflict()
    {
        var created = await Api.CreateAsync(Widget.Resource, Widget.New(Namespace, "a"), Timeout);
        created.Spec.Size = 2;
        await Api.ReplaceAsync(Widget.Resource, created, Timeout);

        await Assert.ThrowsAsync<ConflictException>(() => Api.PatchMetadataAsync<Widget>(Widget.Resource, Namespace, "a",
            new JsonObject { ["finalizers"] = new JsonArray("iamoperator.dev/cleanup") }, created.Metadata.ResourceVersion, Timeout));
    }

    [ContractFact]
    public async Task Delete_without_finalizers_removes_the_object()
    {
        await Api.CreateAsync(Widget.Resource, Widget.New(Namespace, "a"), Timeout);

        await Api.DeleteAsync(Widget.Resource, Namespace, "a", Timeout);

        Assert.Null(await Api.GetAsync<Widget>(Widget.Resource, Namespace, "a", Timeout));
    }

    [ContractFact]
    public async Task Delete_of_a_missing_object_fails_with_NotFound()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => Api.DeleteAsync(Widget.Resource, Namespace, "missing", Timeout));
    }

    [ContractFact]
    public async Task Delete_with_a_finalizer_sets_deletionTimestamp_bumps_generation_and_keeps_the_object_until_the_finalizer_goes()
    {
        var widget = Widget.New(Namespace, "a");
        widget.Metadata.Finalizers = ["iamoperator.dev/cleanup"];
        await Api.CreateAsync(Widget.Resource, widget, Timeout);

        await Api.DeleteAsync(Widget.Resource, Namespace, "a", Timeout);
        var deleting = await Api.GetAsync<Widget>(Widget.Resource, Namespace, "a", Timeout);

        Assert.NotNull(deleting);
        Assert.NotNull(deleting.Metadata.DeletionTimestamp);
        Assert.Equal(2, deleting.Metadata.Generation);

        await Api.PatchMetadataAsync<Widget>(Widget.Resource, Namespace, "a", new JsonObject { ["finalizers"] = null }, deleting.Metadata.ResourceVersion, Timeout);

        Assert.Null(await Api.GetAsync<Widget>(Widget.Resource, Namespace, "a", Timeout));
    }

    [ContractFact]
    public async Task A_new_finalizer_on_an_object_being_deleted_is_Invalid()
    {
        var widget = Widget.New(Namespace, "a");
        widget.Metadata.Finalizers = ["iamoperator.dev/cleanup"];
        await Api.CreateAsync(Widget.Resource, widget, Timeout);
        await Api.DeleteAsync(Widget.Resource, Namespace, "a", Timeout);

        var error = await Assert.ThrowsAsync<InvalidResourceException>(() => Api.PatchMetadataAsync<Widget>(Widget.Resource, Namespace, "a",
            new JsonObject { ["finalizers"] = new JsonArray("iamoperator.dev/cleanup", "example.com/other") }, null, Timeout));

        Assert.Contains("no new finalizers can be added if the object is being deleted", error.Message);
    }

    [ContractFact]
    public async Task Watch_from_a_list_streams_later_changes_in_order()
    {
        var list = await Api.ListAsync<Widget>(Widget.Resource, Namespace, Timeout);
        var created = await Api.CreateAsync(Widget.Resource, Widget.New(Namespace, "a"), Timeout);
        created.Spec.Size = 2;
        await Api.ReplaceAsync(Widget.Resource, created, Timeout);
        await Api.DeleteAsync(Widget.Resource, Namespace, "a", Timeout);

        var events = await WatchUntilAsync(list.ResourceVersion, allowBookmarks: false, e => e.Type == WatchEventKind.Deleted);

        Assert.Equal(
            [(WatchEventKind.Added, 1), (WatchEventKind.Modified, 2), (WatchEventKind.Deleted, 2)],
            events.Select(e => (e.Type, e.Object.Spec.Size)));
    }

    [ContractFact]
    public async Task Watch_of_one_namespace_does_not_see_another()
    {
        var list = await Api.ListAsync<Widget>(Widget.Resource, Namespace, Timeout);
        await Api.CreateAsync(Widget.Resource, Widget.New(Namespace + "-b", "elsewhere"), Timeout);
        await Api.CreateAsync(Widget.Resource, Widget.New(Namespace, "here"), Timeout);

        var events = await WatchUntilAsync(list.ResourceVersion, allowBookmarks: false, e => e.Object.Metadata.Name == "here");

        Assert.DoesNotContain(events, e => e.Object.Metadata.Name == "elsewhere");
    }

    [ContractFact]
    public async Task Watch_with_bookmarks_sends_a_resourceVersion_to_resume_from_without_replaying()
    {
        var list = await Api.ListAsync<Widget>(Widget.Resource, Namespace, Timeout);
        var a = await Api.CreateAsync(Widget.Resource, Widget.New(Namespace, "a"), Timeout);

        // A bookmark brings news the watch would not otherwise hear of: here, writes in a namespace it does not watch.
        using var provoking = new CancellationTokenSource();
        var provoker = Task.WhenAll(KeepWritingElsewhereAsync(provoking.Token), ProvokeBookmarksAsync(provoking.Token));
        var addedSeen = false;
        var events = await WatchUntilAsync(list.ResourceVersion, allowBookmarks: true, e =>
        {
            addedSeen |= e.Type == WatchEventKind.Added;
            return addedSeen && e.Type == WatchEventKind.Bookmark;
        });
        await provoking.CancelAsync();
        await IgnoreCancellation(provoker);

        var bookmark = events.Last();
        Assert.Contains(events, e => e.Type == WatchEventKind.Added && e.Object.Metadata.Name == "a");
        Assert.False(string.IsNullOrEmpty(bookmark.Object.Metadata.ResourceVersion));
        Assert.NotEqual(a.Metadata.ResourceVersion, bookmark.Object.Metadata.ResourceVersion);

        // Resuming from the bookmark delivers what came after it, not "a" again.
        await Api.CreateAsync(Widget.Resource, Widget.New(Namespace, "b"), Timeout);
        var resumed = await WatchUntilAsync(bookmark.Object.Metadata.ResourceVersion, allowBookmarks: false, e => e.Object.Metadata.Name == "b");
        Assert.DoesNotContain(resumed, e => e.Object.Metadata.Name == "a");
    }

    [ContractFact]
    public async Task Watch_gets_no_bookmark_when_nothing_changed_after_the_version_it_started_from()
    {
        await Api.CreateAsync(Widget.Resource, Widget.New(Namespace, "a"), Timeout);
        var list = await Api.ListAsync<Widget>(Widget.Resource, Namespace, Timeout);

        var watching = WatchToEndAsync(list.ResourceVersion, allowBookmarks: true);
        await SendDueBookmarksThenEndWatchesAsync(Timeout);

        Assert.Empty(await watching);
    }

    [ContractFact]
    public async Task Watch_from_a_forgotten_resourceVersion_fails_with_ResourceVersionExpired()
    {
        var first = await Api.CreateAsync(Widget.Resource, Widget.New(Namespace, "a"), Timeout);
        first.Spec.Size = 2;
        await Api.ReplaceAsync(Widget.Resource, first, Timeout);
        await ForgetWatchHistoryAsync();

        await Assert.ThrowsAsync<ResourceVersionExpiredException>(async () =>
        {
            await foreach (var _ in Api.WatchAsync<Widget>(Widget.Resource, Namespace, "1", allowBookmarks: false, Timeout))
            {
            }
        });
    }

    [ContractFact]
    public async Task Lease_create_get_and_replace_check_existence_and_resourceVersion()
    {
        var lease = new V1Lease
        {
            ApiVersion = "coordination.k8s.io/v1",
            Kind = "Lease",
            Metadata = new V1ObjectMeta { NamespaceProperty = Namespace, Name = "leader" },
            Spec = new V1LeaseSpec { HolderIdentity = "one", LeaseDurationSeconds = 15 },
        };

        var created = await Api.CreateLeaseAsync(lease, Timeout);
        await Assert.ThrowsAsync<AlreadyExistsException>(() => Api.CreateLeaseAsync(lease, Timeout));
        created.Spec.HolderIdentity = "two";
        var replaced = await Api.ReplaceLeaseAsync(created, Timeout);
        created.Spec.HolderIdentity = "three";
        await Assert.ThrowsAsync<ConflictException>(() => Api.ReplaceLeaseAsync(created, Timeout));

        Assert.Equal("two", replaced.Spec.HolderIdentity);
        Assert.Equal("two", (await Api.GetLeaseAsync(Namespace, "leader", Timeout))?.Spec.HolderIdentity);
        Assert.Null(await Api.GetLeaseAsync(Namespace, "missing", Timeout));
    }

    /// <summary>
    /// Watches from <paramref name="resourceVersion"/> until an event matches, re-watching from the last
    /// version seen when the server ends the stream (the real server does so after its request timeout).
    /// </summary>
    private async Task<List<WatchEvent<Widget>>> WatchUntilAsync(
        string resourceVersion, bool allowBookmarks, Func<WatchEvent<Widget>, bool> until)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(Timeout);
        patience.CancelAfter(WatchPatience);
        var events = new List<WatchEvent<Widget>>();
        var from = resourceVersion;
        while (true)
        {
            try
            {
                await foreach (var e in Api.WatchAsync<Widget>(Widget.Resource, Namespace, from, allowBookmarks, patience.Token))
                {
                    events.Add(e);
                    from = e.Object.Metadata.ResourceVersion;
                    if (until(e))
                    {
                        return events;
                    }
                }
            }
            catch (HttpRequestException)
            {
                // A broken stream, like the server's end of a watch, is resumed from the last version seen.
            }
        }
    }

    /// <summary>Everything one watch delivers until the server ends it.</summary>
    private async Task<List<WatchEvent<Widget>>> WatchToEndAsync(string resourceVersion, bool allowBookmarks)
    {
        var events = new List<WatchEvent<Widget>>();
        await foreach (var e in Api.WatchAsync<Widget>(Widget.Resource, Namespace, resourceVersion, allowBookmarks, Timeout))
        {
            events.Add(e);
        }

        return events;
    }

    /// <summary>Creates a Widget in another namespace every 200 ms until cancelled.</summary>
    private async Task KeepWritingElsewhereAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; ; i++)
        {
            await Api.CreateAsync(Widget.Resource, Widget.New(Namespace + "-elsewhere", $"w{i}"), cancellationToken);
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    private static async Task IgnoreCancellation(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
        }
    }
}
