using System.Text.Json.Nodes;
using IamOperator.ApiServer.Tests.Fixture;
using IamOperator.Controllers;

namespace IamOperator.ApiServer.Tests.Contract;

/// <summary>
/// A cluster-scoped custom resource (the CRD's <c>scope: Cluster</c>, like IamAccountPasswordPolicy) through the same
/// seam: every call addresses it without a namespace and its objects have none. Names carry this test's unique
/// <see cref="Namespace"/> string, since cluster-scoped objects of every test share one space on the real server.
/// </summary>
public abstract partial class KubernetesApiContract
{
    private string GadgetName(string suffix) => $"{Namespace}-{suffix}";

    [ContractFact]
    public async Task Cluster_scoped_create_stores_the_object_in_no_namespace_even_when_the_body_names_one()
    {
        var gadget = Gadget.New(GadgetName("a"));
        gadget.Metadata.NamespaceProperty = "somewhere";

        var created = await Api.CreateAsync(Gadget.Resource, gadget, Timeout);
        var read = await Api.GetAsync<Gadget>(Gadget.Resource, null, GadgetName("a"), Timeout);

        Assert.True(string.IsNullOrEmpty(created.Metadata.NamespaceProperty), $"namespace '{created.Metadata.NamespaceProperty}'");
        Assert.Equal(1, created.Metadata.Generation);
        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.NotNull(read);
        Assert.True(string.IsNullOrEmpty(read.Metadata.NamespaceProperty));
        await Assert.ThrowsAsync<AlreadyExistsException>(() => Api.CreateAsync(Gadget.Resource, Gadget.New(GadgetName("a")), Timeout));
    }

    [ContractFact]
    public async Task Cluster_scoped_get_of_a_missing_object_returns_null_and_delete_fails_with_NotFound()
    {
        Assert.Null(await Api.GetAsync<Gadget>(Gadget.Resource, null, GadgetName("missing"), Timeout));
        await Assert.ThrowsAsync<NotFoundException>(() => Api.DeleteAsync(Gadget.Resource, null, GadgetName("missing"), Timeout));
    }

    [ContractFact]
    public async Task Cluster_scoped_replace_and_patches_address_the_object_without_a_namespace_with_the_usual_rules()
    {
        var created = await Api.CreateAsync(Gadget.Resource, Gadget.New(GadgetName("a"), size: 1), Timeout);
        created.Spec.Size = 2;

        var replaced = await Api.ReplaceAsync(Gadget.Resource, created, Timeout);
        created.Spec.Size = 3; // still carries the first resourceVersion
        await Assert.ThrowsAsync<ConflictException>(() => Api.ReplaceAsync(Gadget.Resource, created, Timeout));
        var withFinalizer = await Api.PatchMetadataAsync<Gadget>(Gadget.Resource, null, GadgetName("a"),
            new JsonObject { ["finalizers"] = new JsonArray("iamoperator.dev/cleanup") }, replaced.Metadata.ResourceVersion, Timeout);
        var withStatus = await Api.PatchStatusAsync<Gadget>(Gadget.Resource, "", GadgetName("a"),
            new JsonObject { ["phase"] = "Ready", ["observedGeneration"] = 2 }, withFinalizer.Metadata.ResourceVersion, Timeout);
        await Assert.ThrowsAsync<ConflictException>(() => Api.PatchStatusAsync<Gadget>(Gadget.Resource, null, GadgetName("a"),
            new JsonObject { ["phase"] = "Stale" }, withFinalizer.Metadata.ResourceVersion, Timeout));

        Assert.Equal(2, replaced.Metadata.Generation);
        Assert.Equal(["iamoperator.dev/cleanup"], withFinalizer.Metadata.Finalizers);
        Assert.Equal(2, withFinalizer.Metadata.Generation);
        Assert.Equal("Ready", withStatus.Status?.Phase);
        Assert.Equal(2, withStatus.Spec.Size);
        Assert.Equal(2, withStatus.Metadata.Generation);
        Assert.True(string.IsNullOrEmpty(withStatus.Metadata.NamespaceProperty));
    }

    [ContractFact]
    public async Task Cluster_scoped_delete_with_a_finalizer_keeps_the_object_being_deleted_until_the_finalizer_goes()
    {
        var gadget = Gadget.New(GadgetName("a"));
        gadget.Metadata.Finalizers = ["iamoperator.dev/cleanup"];
        await Api.CreateAsync(Gadget.Resource, gadget, Timeout);

        await Api.DeleteAsync(Gadget.Resource, null, GadgetName("a"), Timeout);
        var deleting = await Api.GetAsync<Gadget>(Gadget.Resource, null, GadgetName("a"), Timeout);

        Assert.NotNull(deleting?.Metadata.DeletionTimestamp);
        Assert.Equal(2, deleting.Metadata.Generation);
        await Api.PatchMetadataAsync<Gadget>(Gadget.Resource, null, GadgetName("a"), new JsonObject { ["finalizers"] = null }, deleting.Metadata.ResourceVersion, Timeout);
        Assert.Null(await Api.GetAsync<Gadget>(Gadget.Resource, null, GadgetName("a"), Timeout));
    }

    [ContractFact]
    public async Task Cluster_scoped_list_and_watch_cover_the_whole_cluster_and_stream_changes_in_order()
    {
        var list = await Api.ListAsync<Gadget>(Gadget.Resource, null, Timeout);
        var a = await Api.CreateAsync(Gadget.Resource, Gadget.New(GadgetName("a"), size: 1), Timeout);
        await Api.CreateAsync(Gadget.Resource, Gadget.New(GadgetName("b")), Timeout);
        a.Spec.Size = 2;
        await Api.ReplaceAsync(Gadget.Resource, a, Timeout);
        await Api.DeleteAsync(Gadget.Resource, null, GadgetName("a"), Timeout);

        var listed = await Api.ListAsync<Gadget>(Gadget.Resource, null, Timeout);
        var events = await WatchGadgetsUntilAsync(list.ResourceVersion, e => e.Type == WatchEventKind.Deleted && e.Object.Metadata.Name == GadgetName("a"));

        Assert.Contains(listed.Items, g => g.Metadata.Name == GadgetName("b") && string.IsNullOrEmpty(g.Metadata.NamespaceProperty));
        Assert.DoesNotContain(listed.Items, g => g.Metadata.Name == GadgetName("a"));
        Assert.False(string.IsNullOrEmpty(listed.ResourceVersion));
        var ours = events.Where(e => e.Object.Metadata.Name.StartsWith(Namespace, StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [(WatchEventKind.Added, GadgetName("a"), 1), (WatchEventKind.Added, GadgetName("b"), 1), (WatchEventKind.Modified, GadgetName("a"), 2), (WatchEventKind.Deleted, GadgetName("a"), 2)],
            ours.Select(e => (e.Type, e.Object.Metadata.Name, e.Object.Spec.Size)));
        Assert.All(ours, e => Assert.True(string.IsNullOrEmpty(e.Object.Metadata.NamespaceProperty)));
    }

    [ContractFact]
    public async Task A_namespace_for_a_cluster_scoped_kind_or_none_for_a_namespaced_one_is_refused_before_any_request()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Api.GetAsync<Gadget>(Gadget.Resource, Namespace, GadgetName("a"), Timeout));
        await Assert.ThrowsAsync<ArgumentException>(() => Api.ListAsync<Gadget>(Gadget.Resource, Namespace, Timeout));
        await Assert.ThrowsAsync<ArgumentException>(() => Api.DeleteAsync(Gadget.Resource, Namespace, GadgetName("a"), Timeout));
        await Assert.ThrowsAsync<ArgumentException>(() => Api.GetAsync<Widget>(Widget.Resource, null, "a", Timeout));
        await Assert.ThrowsAsync<ArgumentException>(() => Api.PatchStatusAsync<Widget>(Widget.Resource, "", "a", new JsonObject(), null, Timeout));
    }

    /// <summary>Watches gadgets cluster-wide from <paramref name="resourceVersion"/> until an event matches, resuming when the server ends the stream.</summary>
    private async Task<List<WatchEvent<Gadget>>> WatchGadgetsUntilAsync(string resourceVersion, Func<WatchEvent<Gadget>, bool> until)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(Timeout);
        patience.CancelAfter(WatchPatience);
        var events = new List<WatchEvent<Gadget>>();
        var from = resourceVersion;
        while (true)
        {
            try
            {
                await foreach (var e in Api.WatchAsync<Gadget>(Gadget.Resource, null, from, allowBookmarks: false, patience.Token))
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
}
