using System.Text.Json.Nodes;
using IamOperator.Controllers.InMemory;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace IamOperator.Controllers.Tests.InMemory;

/// <summary>Each apiserver rule the in-memory API enforces (sources in docs/controller.md).</summary>
public sealed class InMemoryKubernetesApiTests
{
    private static readonly CustomResourceKind Kind = Widget.Crd;
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 28, 1, 2, 3, TimeSpan.Zero));
    private readonly InMemoryKubernetesApi api;
    private readonly CancellationToken ct = TestContext.Timeout(10);

    public InMemoryKubernetesApiTests() => api = new InMemoryKubernetesApi(time);

    [Fact]
    public async Task Create_assigns_uid_creationTimestamp_generation_1_and_a_resourceVersion()
    {
        var created = await api.CreateAsync(Kind, Widget.New("a"), ct);

        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.Equal(time.GetUtcNow().UtcDateTime, created.Metadata.CreationTimestamp);
        Assert.Equal(1, created.Metadata.Generation);
        Assert.False(string.IsNullOrEmpty(created.Metadata.ResourceVersion));
        Assert.Equal("example.com/v1", created.ApiVersion);
    }

    [Fact]
    public async Task Create_of_an_existing_name_fails_with_AlreadyExists()
    {
        await api.CreateAsync(Kind, Widget.New("a"), ct);

        var e = await Assert.ThrowsAsync<AlreadyExistsException>(() => api.CreateAsync(Kind, Widget.New("a"), ct));
        Assert.Equal(409, e.StatusCode);
        Assert.Equal("widgets.example.com \"a\" already exists", e.Message);
    }

    [Fact]
    public async Task Same_name_in_another_namespace_is_another_object()
    {
        await api.CreateAsync(Kind, Widget.New("a", "one"), ct);
        await api.CreateAsync(Kind, Widget.New("a", "two"), ct);

        Assert.Equal(2, (await api.ListAsync<Widget>(Kind, null, ct)).Items.Count);
        Assert.Single((await api.ListAsync<Widget>(Kind, "two", ct)).Items);
    }

    [Theory]
    [InlineData("Upper")]
    [InlineData("under_score")]
    [InlineData("-leading-dash")]
    public async Task Create_with_a_name_that_is_not_a_DNS_subdomain_fails_with_Invalid_naming_the_field(string name)
    {
        var e = await Assert.ThrowsAsync<InvalidResourceException>(() => api.CreateAsync(Kind, Widget.New(name), ct));

        Assert.Equal(422, e.StatusCode);
        Assert.Contains($"metadata.name: Invalid value: \"{name}\"", e.Message);
        Assert.Contains("RFC 1123 subdomain", e.Message);
        Assert.Empty((await api.ListAsync<Widget>(Kind, null, ct)).Items);
    }

    [Fact]
    public async Task Create_with_an_invalid_namespace_fails_with_Invalid()
    {
        var e = await Assert.ThrowsAsync<InvalidResourceException>(() => api.CreateAsync(Kind, Widget.New("a", "Bad.Namespace"), ct));

        Assert.Contains("metadata.namespace: Invalid value: \"Bad.Namespace\"", e.Message);
    }

    [Fact]
    public async Task Create_with_generateName_appends_five_random_characters()
    {
        var widget = Widget.New("");
        widget.Metadata.Name = null;
        widget.Metadata.GenerateName = "gen-";

        var created = await api.CreateAsync(Kind, widget, ct);

        Assert.Matches("^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$", created.Metadata.Name);
    }

    [Fact]
    public async Task Create_without_name_or_generateName_fails_with_Invalid()
    {
        var widget = Widget.New("");
        widget.Metadata.Name = null;

        var e = await Assert.ThrowsAsync<InvalidResourceException>(() => api.CreateAsync(Kind, widget, ct));
        Assert.Contains("metadata.name: Required value", e.Message);
    }

    [Fact]
    public async Task Create_ignores_status_because_status_is_a_subresource()
    {
        var widget = Widget.New("a");
        widget.Status = new WidgetStatus { Phase = "Faked" };

        var created = await api.CreateAsync(Kind, widget, ct);

        Assert.Null(created.Status);
    }

    [Fact]
    public async Task Create_with_a_resourceVersion_is_refused_like_the_storage_layer_does()
    {
        var widget = Widget.New("a");
        widget.Metadata.ResourceVersion = "42";

        var e = await Assert.ThrowsAsync<KubernetesApiException>(() => api.CreateAsync(Kind, widget, ct));

        Assert.Equal(500, e.StatusCode);
        Assert.Equal("resourceVersion should not be set on objects to be created", e.Message);
    }

    [Fact]
    public async Task Create_with_another_kind_in_the_body_fails_with_BadRequest()
    {
        var widget = Widget.New("a");
        widget.Kind = "Gadget";

        var e = await Assert.ThrowsAsync<KubernetesApiException>(() => api.CreateAsync(Kind, widget, ct));
        Assert.Equal(400, e.StatusCode);
    }

    [Fact]
    public async Task Replace_with_a_stale_resourceVersion_fails_with_Conflict()
    {
        var created = await api.CreateAsync(Kind, Widget.New("a"), ct);
        created.Spec.Color = "red";
        await api.ReplaceAsync(Kind, created, ct);

        created.Spec.Color = "green";
        var e = await Assert.ThrowsAsync<ConflictException>(() => api.ReplaceAsync(Kind, created, ct));

        Assert.Equal(409, e.StatusCode);
        Assert.Contains("the object has been modified", e.Message);
        Assert.Equal("red", (await api.GetAsync<Widget>(Kind, "default", "a", ct))!.Spec.Color);
    }

    [Fact]
    public async Task Replace_without_resourceVersion_fails_with_Invalid_because_custom_resources_allow_no_unconditional_update()
    {
        var created = await api.CreateAsync(Kind, Widget.New("a"), ct);
        created.Metadata.ResourceVersion = null;

        var e = await Assert.ThrowsAsync<InvalidResourceException>(() => api.ReplaceAsync(Kind, created, ct));
        Assert.Contains("metadata.resourceVersion: Invalid value: 0x0: must be specified for an update", e.Message);
    }

    [Fact]
    public async Task Replace_of_a_missing_object_fails_with_NotFound()
    {
        var widget = Widget.New("ghost");
        widget.Metadata.ResourceVersion = "1";

        await Assert.ThrowsAsync<NotFoundException>(() => api.ReplaceAsync(Kind, widget, ct));
    }

    [Fact]
    public async Task A_spec_change_bumps_generation_and_resourceVersion()
    {
        var created = await api.CreateAsync(Kind, Widget.New("a"), ct);
        created.Spec.Size = 3;

        var replaced = await api.ReplaceAsync(Kind, created, ct);

        Assert.Equal(2, replaced.Metadata.Generation);
        Assert.NotEqual(created.Metadata.ResourceVersion, replaced.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task A_metadata_only_change_keeps_generation_but_moves_resourceVersion()
    {
        var created = await api.CreateAsync(Kind, Widget.New("a"), ct);
        created.Metadata.Labels = new Dictionary<string, string> { ["team"] = "platform" };

        var replaced = await api.ReplaceAsync(Kind, created, ct);

        Assert.Equal(1, replaced.Metadata.Generation);
        Assert.NotEqual(created.Metadata.ResourceVersion, replaced.Metadata.ResourceVersion);
        Assert.Equal("platform", replaced.Metadata.Labels["team"]);
    }

    [Fact]
    public async Task Replace_ignores_status_because_status_is_a_subresource()
    {
        var created = await api.CreateAsync(Kind, Widget.New("a"), ct);
        await api.PatchStatusAsync<Widget>(Kind, "default", "a", new JsonObject { ["phase"] = "Ready" }, null, ct);
        var current = (await api.GetAsync<Widget>(Kind, "default", "a", ct))!;
        current.Status = new WidgetStatus { Phase = "Overwritten" };
        current.Spec.Color = "red";

        var replaced = await api.ReplaceAsync(Kind, current, ct);

        Assert.Equal("Ready", replaced.Status?.Phase);
        Assert.Equal("red", replaced.Spec.Color);
        Assert.Equal(created.Metadata.Uid, replaced.Metadata.Uid);
    }

    [Fact]
    public async Task Replace_cannot_change_server_owned_metadata()
    {
        var created = await api.CreateAsync(Kind, Widget.New("a"), ct);
        var forged = (await api.GetAsync<Widget>(Kind, "default", "a", ct))!;
        forged.Metadata.Uid = "forged";
        forged.Metadata.Generation = 42;
        forged.Metadata.CreationTimestamp = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        forged.Metadata.DeletionTimestamp = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        var replaced = await api.ReplaceAsync(Kind, forged, ct);

        Assert.Equal(created.Metadata.Uid, replaced.Metadata.Uid);
        Assert.Equal(1, replaced.Metadata.Generation);
        Assert.Equal(created.Metadata.CreationTimestamp, replaced.Metadata.CreationTimestamp);
        Assert.Null(replaced.Metadata.DeletionTimestamp);
    }

    [Fact]
    public async Task PatchStatus_changes_status_only_and_never_generation()
    {
        await api.CreateAsync(Kind, Widget.New("a"), ct);

        var patched = await api.PatchStatusAsync<Widget>(Kind, "default", "a",
            new JsonObject { ["phase"] = "Ready", ["observedGeneration"] = 1 }, null, ct);

        Assert.Equal("Ready", patched.Status?.Phase);
        Assert.Equal(1, patched.Metadata.Generation);
        Assert.Equal("blue", patched.Spec.Color);
    }

    [Fact]
    public async Task PatchStatus_is_a_merge_patch_where_null_removes_a_field()
    {
        await api.CreateAsync(Kind, Widget.New("a"), ct);
        await api.PatchStatusAsync<Widget>(Kind, "default", "a", new JsonObject { ["phase"] = "Ready", ["observedGeneration"] = 1 }, null, ct);

        var patched = await api.PatchStatusAsync<Widget>(Kind, "default", "a", new JsonObject { ["phase"] = null }, null, ct);

        Assert.Null(patched.Status?.Phase);
        Assert.Equal(1, patched.Status?.ObservedGeneration);
    }

    [Fact]
    public async Task PatchStatus_with_a_stale_resourceVersion_fails_with_Conflict()
    {
        var created = await api.CreateAsync(Kind, Widget.New("a"), ct);
        created.Spec.Size = 2;
        await api.ReplaceAsync(Kind, created, ct);

        await Assert.ThrowsAsync<ConflictException>(() => api.PatchStatusAsync<Widget>(
            Kind, "default", "a", new JsonObject { ["phase"] = "Ready" }, created.Metadata.ResourceVersion, ct));
    }

    [Fact]
    public async Task PatchStatus_without_resourceVersion_is_unconditional()
    {
        var created = await api.CreateAsync(Kind, Widget.New("a"), ct);
        created.Spec.Size = 2;
        await api.ReplaceAsync(Kind, created, ct);

        var patched = await api.PatchStatusAsync<Widget>(Kind, "default", "a", new JsonObject { ["phase"] = "Ready" }, null, ct);

        Assert.Equal("Ready", patched.Status?.Phase);
    }

    [Fact]
    public async Task A_write_that_changes_nothing_keeps_the_resourceVersion_and_sends_no_watch_event()
    {
        var created = await api.CreateAsync(Kind, Widget.New("a"), ct);
        await api.PatchStatusAsync<Widget>(Kind, "default", "a", new JsonObject { ["phase"] = "Ready" }, null, ct);
        var afterStatus = (await api.GetAsync<Widget>(Kind, "default", "a", ct))!;

        var again = await api.PatchStatusAsync<Widget>(Kind, "default", "a", new JsonObject { ["phase"] = "Ready" }, null, ct);
        var replaced = await api.ReplaceAsync(Kind, afterStatus, ct);

        Assert.Equal(afterStatus.Metadata.ResourceVersion, again.Metadata.ResourceVersion);
        Assert.Equal(afterStatus.Metadata.ResourceVersion, replaced.Metadata.ResourceVersion);
        var events = await WatchEvents(created.Metadata.ResourceVersion, 1);
        Assert.Single(events);
        Assert.Equal(WatchEventKind.Modified, events[0].Type);
    }

    [Fact]
    public async Task PatchMetadata_merges_finalizers_and_keeps_generation()
    {
        await api.CreateAsync(Kind, Widget.New("a"), ct);

        var patched = await api.PatchMetadataAsync<Widget>(Kind, "default", "a",
            new JsonObject { ["finalizers"] = new JsonArray("example.com/cleanup") }, null, ct);

        Assert.Equal(["example.com/cleanup"], patched.Metadata.Finalizers);
        Assert.Equal(1, patched.Metadata.Generation);
    }

    [Fact]
    public async Task PatchMetadata_with_a_stale_resourceVersion_fails_with_Conflict()
    {
        var created = await api.CreateAsync(Kind, Widget.New("a"), ct);
        await api.PatchStatusAsync<Widget>(Kind, "default", "a", new JsonObject { ["phase"] = "Ready" }, null, ct);

        await Assert.ThrowsAsync<ConflictException>(() => api.PatchMetadataAsync<Widget>(Kind, "default", "a",
            new JsonObject { ["finalizers"] = new JsonArray("example.com/cleanup") }, created.Metadata.ResourceVersion, ct));
    }

    [Fact]
    public async Task Get_of_a_missing_object_returns_null_and_writes_to_it_fail_with_NotFound()
    {
        Assert.Null(await api.GetAsync<Widget>(Kind, "default", "ghost", ct));
        await Assert.ThrowsAsync<NotFoundException>(() => api.PatchStatusAsync<Widget>(Kind, "default", "ghost", [], null, ct));
        await Assert.ThrowsAsync<NotFoundException>(() => api.DeleteAsync(Kind, "default", "ghost", ct));
    }

    [Fact]
    public async Task Delete_without_finalizers_removes_the_object_at_once()
    {
        await api.CreateAsync(Kind, Widget.New("a"), ct);

        await api.DeleteAsync(Kind, "default", "a", ct);

        Assert.Null(await api.GetAsync<Widget>(Kind, "default", "a", ct));
    }

    [Fact]
    public async Task Delete_with_finalizers_sets_deletionTimestamp_bumps_generation_and_keeps_the_object()
    {
        var widget = Widget.New("a");
        widget.Metadata.Finalizers = ["example.com/cleanup"];
        await api.CreateAsync(Kind, widget, ct);
        time.Advance(TimeSpan.FromMinutes(1));

        await api.DeleteAsync(Kind, "default", "a", ct);
        await api.DeleteAsync(Kind, "default", "a", ct);

        var deleting = await api.GetAsync<Widget>(Kind, "default", "a", ct);
        Assert.NotNull(deleting);
        Assert.Equal(time.GetUtcNow().UtcDateTime, deleting.Metadata.DeletionTimestamp);
        Assert.Equal(2, deleting.Metadata.Generation);
    }

    [Fact]
    public async Task Removing_the_last_finalizer_of_a_deleting_object_deletes_it()
    {
        var widget = Widget.New("a");
        widget.Metadata.Finalizers = ["example.com/one", "example.com/two"];
        var created = await api.CreateAsync(Kind, widget, ct);
        await api.DeleteAsync(Kind, "default", "a", ct);

        await api.PatchMetadataAsync<Widget>(Kind, "default", "a", new JsonObject { ["finalizers"] = new JsonArray("example.com/two") }, null, ct);
        Assert.NotNull(await api.GetAsync<Widget>(Kind, "default", "a", ct));
        await api.PatchMetadataAsync<Widget>(Kind, "default", "a", new JsonObject { ["finalizers"] = null }, null, ct);

        Assert.Null(await api.GetAsync<Widget>(Kind, "default", "a", ct));
        var events = await WatchEvents(created.Metadata.ResourceVersion, 3);
        Assert.Equal([WatchEventKind.Modified, WatchEventKind.Modified, WatchEventKind.Deleted], events.Select(e => e.Type));
    }

    [Fact]
    public async Task No_new_finalizer_can_be_added_to_an_object_being_deleted()
    {
        var widget = Widget.New("a");
        widget.Metadata.Finalizers = ["example.com/one"];
        await api.CreateAsync(Kind, widget, ct);
        await api.DeleteAsync(Kind, "default", "a", ct);

        var e = await Assert.ThrowsAsync<InvalidResourceException>(() => api.PatchMetadataAsync<Widget>(Kind, "default", "a",
            new JsonObject { ["finalizers"] = new JsonArray("example.com/one", "example.com/two") }, null, ct));
        Assert.Contains("no new finalizers can be added if the object is being deleted", e.Message);
    }

    [Fact]
    public async Task Watch_from_a_resourceVersion_yields_every_later_change_in_order()
    {
        var list = await api.ListAsync<Widget>(Kind, null, ct);
        var a = await api.CreateAsync(Kind, Widget.New("a"), ct);
        a.Spec.Size = 1;
        await api.ReplaceAsync(Kind, a, ct);
        await api.CreateAsync(Kind, Widget.New("b"), ct);
        await api.DeleteAsync(Kind, "default", "a", ct);

        var events = await WatchEvents(list.ResourceVersion, 4);

        Assert.Equal(
            [(WatchEventKind.Added, "a"), (WatchEventKind.Modified, "a"), (WatchEventKind.Added, "b"), (WatchEventKind.Deleted, "a")],
            events.Select(e => (e.Type, e.Object.Metadata.Name)));
        var versions = events.Select(e => long.Parse(e.Object.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(versions.Order(), versions);
    }

    [Fact]
    public async Task Watch_delivers_changes_made_after_it_opened()
    {
        var list = await api.ListAsync<Widget>(Kind, null, ct);
        await using var watch = api.WatchAsync<Widget>(Kind, null, list.ResourceVersion, false, ct).GetAsyncEnumerator(ct);
        var next = watch.MoveNextAsync();

        await api.CreateAsync(Kind, Widget.New("late"), ct);

        Assert.True(await next);
        Assert.Equal("late", watch.Current.Object.Metadata.Name);
    }

    [Fact]
    public async Task Watch_of_one_namespace_sees_only_that_namespace()
    {
        var list = await api.ListAsync<Widget>(Kind, null, ct);
        await api.CreateAsync(Kind, Widget.New("a", "one"), ct);
        await api.CreateAsync(Kind, Widget.New("b", "two"), ct);

        var events = await WatchEvents(list.ResourceVersion, 1, "two");

        Assert.Equal("b", Assert.Single(events).Object.Metadata.Name);
    }

    [Fact]
    public async Task Watch_from_a_resourceVersion_older_than_the_retained_window_fails_with_Gone()
    {
        var small = new InMemoryKubernetesApi(time, new InMemoryKubernetesApiOptions { RetainedEvents = 2 });
        var first = await small.CreateAsync(Kind, Widget.New("a"), ct);
        await small.CreateAsync(Kind, Widget.New("b"), ct);
        await small.CreateAsync(Kind, Widget.New("c"), ct);
        await small.CreateAsync(Kind, Widget.New("d"), ct);

        var e = await Assert.ThrowsAsync<ResourceVersionExpiredException>(async () =>
        {
            await foreach (var _ in small.WatchAsync<Widget>(Kind, null, first.Metadata.ResourceVersion, false, ct))
            {
            }
        });
        Assert.Equal(410, e.StatusCode);

        // A watch from the list's version works again.
        var list = await small.ListAsync<Widget>(Kind, null, ct);
        await using var watch = small.WatchAsync<Widget>(Kind, null, list.ResourceVersion, false, ct).GetAsyncEnumerator(ct);
        var next = watch.MoveNextAsync();
        await small.CreateAsync(Kind, Widget.New("e"), ct);
        Assert.True(await next);
    }

    [Fact]
    public async Task Compact_makes_every_older_resourceVersion_expire()
    {
        var created = await api.CreateAsync(Kind, Widget.New("a"), ct);
        await api.CreateAsync(Kind, Widget.New("b"), ct);
        api.Compact();

        await Assert.ThrowsAsync<ResourceVersionExpiredException>(() => WatchEvents(created.Metadata.ResourceVersion, 1));
    }

    [Fact]
    public async Task Watch_with_bookmarks_receives_the_current_resourceVersion_and_one_without_does_not()
    {
        var list = await api.ListAsync<Widget>(Kind, "one", ct);
        await api.CreateAsync(Kind, Widget.New("elsewhere", "two"), ct);
        await using var withBookmarks = api.WatchAsync<Widget>(Kind, "one", list.ResourceVersion, true, ct).GetAsyncEnumerator(ct);
        await using var without = api.WatchAsync<Widget>(Kind, "one", list.ResourceVersion, false, ct).GetAsyncEnumerator(ct);
        var bookmarkNext = withBookmarks.MoveNextAsync();
        var plainNext = without.MoveNextAsync();

        api.SendBookmarks();
        await api.CreateAsync(Kind, Widget.New("here", "one"), ct);

        Assert.True(await bookmarkNext);
        Assert.Equal(WatchEventKind.Bookmark, withBookmarks.Current.Type);
        Assert.Equal(api.ResourceVersion, (long.Parse(withBookmarks.Current.Object.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(await plainNext);
        Assert.Equal(WatchEventKind.Added, without.Current.Type);
    }

    [Fact]
    public async Task Watch_without_resourceVersion_starts_with_the_current_state_as_Added()
    {
        await api.CreateAsync(Kind, Widget.New("a"), ct);
        await api.CreateAsync(Kind, Widget.New("b"), ct);

        var events = await WatchEvents("", 2);

        Assert.All(events, e => Assert.Equal(WatchEventKind.Added, e.Type));
        Assert.Equal(["a", "b"], events.Select(e => e.Object.Metadata.Name));
    }

    [Fact]
    public async Task CloseWatches_ends_open_streams_like_a_server_timeout()
    {
        var list = await api.ListAsync<Widget>(Kind, null, ct);
        await using var watch = api.WatchAsync<Widget>(Kind, null, list.ResourceVersion, false, ct).GetAsyncEnumerator(ct);
        var next = watch.MoveNextAsync();
        await Task.Yield();

        api.CloseWatches();

        Assert.False(await next);
    }

    [Fact]
    public async Task Lease_create_twice_fails_with_AlreadyExists_and_a_stale_replace_with_Conflict()
    {
        var lease = new V1Lease { Metadata = new V1ObjectMeta { Name = "leader", NamespaceProperty = "ops" }, Spec = new V1LeaseSpec { HolderIdentity = "a" } };
        var created = await api.CreateLeaseAsync(lease, ct);
        await Assert.ThrowsAsync<AlreadyExistsException>(() => api.CreateLeaseAsync(lease, ct));

        created.Spec.HolderIdentity = "b";
        var replaced = await api.ReplaceLeaseAsync(created, ct);
        created.Spec.HolderIdentity = "c";

        await Assert.ThrowsAsync<ConflictException>(() => api.ReplaceLeaseAsync(created, ct));
        Assert.Equal("b", (await api.GetLeaseAsync("ops", "leader", ct))!.Spec.HolderIdentity);
        Assert.NotEqual(created.Metadata.ResourceVersion, replaced.Metadata.ResourceVersion);
        Assert.Null(await api.GetLeaseAsync("ops", "other", ct));
    }

    [Fact]
    public async Task Events_are_recorded_and_answer_NotFound_when_not_served()
    {
        var @event = new Eventsv1Event { Metadata = new V1ObjectMeta { GenerateName = "a.", NamespaceProperty = "default" }, Reason = "Created", Type = "Normal", EventTime = time.GetUtcNow().UtcDateTime };
        await api.CreateEventAsync(@event, ct);
        Assert.Equal("Created", Assert.Single(api.Events).Reason);

        var silent = new InMemoryKubernetesApi(time, new InMemoryKubernetesApiOptions { ServeEvents = false });
        await Assert.ThrowsAsync<NotFoundException>(() => silent.CreateEventAsync(@event, ct));
    }

    [Fact]
    public async Task A_fault_injector_can_fail_a_chosen_request()
    {
        api.FaultInjector = r => r.Verb == "patch-status" ? new ForbiddenException("forbidden by test") : null;
        await api.CreateAsync(Kind, Widget.New("a"), ct);

        await Assert.ThrowsAsync<ForbiddenException>(() => api.PatchStatusAsync<Widget>(Kind, "default", "a", [], null, ct));
    }

    [Fact]
    public async Task A_Secret_watch_from_version_0_starts_with_the_matching_Secrets_only()
    {
        await api.CreateSecretAsync(Secret("managed", ("app", "iam")), ct);
        await api.CreateSecretAsync(Secret("other", ("app", "web")), ct);

        var events = new List<WatchEvent<V1Secret>>();
        await foreach (var e in api.WatchSecretsAsync("default", "app=iam", "0", false, ct))
        {
            events.Add(e);
            break;
        }

        Assert.Equal((WatchEventKind.Added, "managed"), (events.Single().Type, events.Single().Object.Metadata.Name));
        Assert.Equal(["other"], (await api.ListSecretsAsync("default", "app!=iam", ct)).Items.Select(s => s.Metadata.Name));
        Assert.Equal(2, (await api.ListSecretsAsync(null, "app", ct)).Items.Count);
        Assert.Empty((await api.ListSecretsAsync(null, "!app", ct)).Items);
    }

    [Fact]
    public async Task Set_based_label_selectors_are_refused_rather_than_misread()
    {
        var e = await Assert.ThrowsAsync<KubernetesApiException>(() => api.ListSecretsAsync(null, "app in (iam,web)", ct));

        Assert.Equal(400, e.StatusCode);
    }

    [Fact]
    public async Task Secrets_are_a_resource_of_their_own_for_the_fault_injector()
    {
        api.FaultInjector = r => r.Resource == "secrets" && r.Verb == "update" ? new ForbiddenException("forbidden by test") : null;
        var created = await api.CreateSecretAsync(Secret("s"), ct);

        await Assert.ThrowsAsync<ForbiddenException>(() => api.ReplaceSecretAsync(created, ct));
    }

    private static V1Secret Secret(string name, params (string Key, string Value)[] labels) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", Labels = labels.ToDictionary(l => l.Key, l => l.Value) },
    };

    private async Task<List<WatchEvent<Widget>>> WatchEvents(string? from, int count, string? @namespace = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        var events = new List<WatchEvent<Widget>>();
        await foreach (var e in api.WatchAsync<Widget>(Kind, @namespace, from ?? "", false, timeout.Token))
        {
            events.Add(e);
            if (events.Count == count)
            {
                break;
            }
        }

        return events;
    }
}
