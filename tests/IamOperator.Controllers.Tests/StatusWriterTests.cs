using System.Text.Json.Nodes;
using IamOperator.Controllers.InMemory;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace IamOperator.Controllers.Tests;

public sealed class StatusWriterTests
{
    private static readonly CustomResourceKind Kind = Widget.Crd;
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 28, 1, 0, 0, TimeSpan.Zero));
    private readonly InMemoryKubernetesApi api;
    private readonly StatusWriter writer;
    private readonly CancellationToken ct = TestContext.Timeout(10);
    private int statusPatches;

    public StatusWriterTests()
    {
        api = new InMemoryKubernetesApi(time);
        api.FaultInjector = r =>
        {
            if (r.Verb == "patch-status")
            {
                Interlocked.Increment(ref statusPatches);
            }

            return null;
        };
        writer = new StatusWriter(api, time, NullLogger<StatusWriter>.Instance);
    }

    [Fact]
    public async Task Writing_status_sets_observedGeneration_to_the_generation_acted_on()
    {
        var widget = await Changed(await api.CreateAsync(Kind, Widget.New("a"), ct));

        var written = await writer.WriteAsync(Kind, widget, Status("True", "Reconciled"), ct);

        Assert.Equal(2, written.Metadata.Generation);
        Assert.Equal(2, written.Status?.ObservedGeneration);
        Assert.Equal(2, Assert.Single(written.Status!.Conditions!).ObservedGeneration);
    }

    [Fact]
    public async Task A_condition_keeps_its_lastTransitionTime_while_its_status_stays_the_same()
    {
        var widget = await api.CreateAsync(Kind, Widget.New("a"), ct);
        var first = await writer.WriteAsync(Kind, widget, Status("False", "Creating"), ct);
        time.Advance(TimeSpan.FromMinutes(5));

        var second = await writer.WriteAsync(Kind, first, Status("False", "WaitingForDependency"), ct);

        var condition = Assert.Single(second.Status!.Conditions!);
        Assert.Equal("WaitingForDependency", condition.Reason);
        Assert.Equal(new DateTime(2026, 11, 28, 1, 0, 0, DateTimeKind.Utc), condition.LastTransitionTime);
    }

    [Fact]
    public async Task A_condition_whose_status_changes_gets_a_new_lastTransitionTime()
    {
        var widget = await api.CreateAsync(Kind, Widget.New("a"), ct);
        var first = await writer.WriteAsync(Kind, widget, Status("False", "Creating"), ct);
        time.Advance(TimeSpan.FromMinutes(5));

        var second = await writer.WriteAsync(Kind, first, Status("True", "Reconciled"), ct);

        Assert.Equal(new DateTime(2026, 11, 28, 1, 5, 0, DateTimeKind.Utc), Assert.Single(second.Status!.Conditions!).LastTransitionTime);
    }

    [Fact]
    public async Task Nothing_is_written_when_nothing_changed()
    {
        var widget = await api.CreateAsync(Kind, Widget.New("a"), ct);
        var first = await writer.WriteAsync(Kind, widget, Status("True", "Reconciled"), ct);
        time.Advance(TimeSpan.FromMinutes(5));

        var second = await writer.WriteAsync(Kind, first, Status("True", "Reconciled"), ct);

        Assert.Equal(1, statusPatches);
        Assert.Equal(first.Metadata.ResourceVersion, second.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task A_field_left_out_of_the_new_status_is_removed()
    {
        var widget = await api.CreateAsync(Kind, Widget.New("a"), ct);
        var first = await writer.WriteAsync(Kind, widget, new WidgetStatus { Phase = "Creating" }, ct);

        var second = await writer.WriteAsync(Kind, first, new WidgetStatus(), ct);

        Assert.Null(second.Status?.Phase);
        Assert.Null((await api.GetAsync<Widget>(Kind, "default", "a", ct))!.Status?.Phase);
    }

    [Fact]
    public async Task A_conflicting_write_is_recomputed_on_the_fresh_object_and_retried()
    {
        var widget = await api.CreateAsync(Kind, Widget.New("a"), ct);
        // Someone else writes status after our read: our resourceVersion is stale.
        await api.PatchStatusAsync<Widget>(Kind, "default", "a", new JsonObject { ["phase"] = "Other" }, null, ct);

        var written = await writer.WriteAsync(Kind, widget, Status("True", "Reconciled"), ct);

        Assert.Equal("True", Assert.Single(written.Status!.Conditions!).Status);
        Assert.Null(written.Status.Phase);
        Assert.Equal(3, statusPatches);
    }

    [Fact]
    public async Task The_status_of_a_cluster_scoped_object_is_written_and_a_conflict_re_read_without_a_namespace()
    {
        var kind = Widget.ClusterCrd;
        var widget = await api.CreateAsync(kind, Widget.New("a", null), ct);
        await api.PatchStatusAsync<Widget>(kind, null, "a", new JsonObject { ["phase"] = "Other" }, null, ct);

        var written = await writer.WriteAsync(kind, widget, Status("True", "Reconciled"), ct);

        Assert.Equal("True", Assert.Single(written.Status!.Conditions!).Status);
        Assert.Equal(1, written.Status.ObservedGeneration);
        Assert.True(string.IsNullOrEmpty(written.Metadata.NamespaceProperty));
        Assert.Equal(3, statusPatches);
    }

    [Fact]
    public async Task After_a_spec_change_during_the_reconcile_observedGeneration_stays_at_the_generation_acted_on()
    {
        var widget = await api.CreateAsync(Kind, Widget.New("a"), ct);
        await Changed(widget);

        var written = await writer.WriteAsync(Kind, widget, Status("True", "Reconciled"), ct);

        Assert.Equal(1, written.Status?.ObservedGeneration);
        Assert.Equal(2, written.Metadata.Generation);
    }

    [Fact]
    public async Task Conflicts_beyond_the_retry_budget_are_reported()
    {
        var widget = await api.CreateAsync(Kind, Widget.New("a"), ct);
        api.FaultInjector = r => r.Verb == "patch-status" ? new ConflictException("always stale") : null;

        await Assert.ThrowsAsync<ConflictException>(() => writer.WriteAsync(Kind, widget, Status("True", "Reconciled"), ct));
    }

    [Fact]
    public void The_patch_of_equal_documents_is_empty_and_of_different_ones_minimal()
    {
        var current = JsonNode.Parse("""{"a":1,"b":{"c":2,"d":3},"e":[1,2],"gone":"x"}""")!.AsObject();
        var desired = JsonNode.Parse("""{"a":1,"b":{"c":2,"d":4},"e":[1,2,3],"new":null}""")!.AsObject();

        Assert.Empty(StatusPatch.Diff(current, (JsonObject)current.DeepClone()));
        Assert.Equal("""{"gone":null,"b":{"d":4},"e":[1,2,3]}""", StatusPatch.Diff(current, desired).ToJsonString());
    }

    private async Task<Widget> Changed(Widget widget)
    {
        widget.Spec.Size++;
        return await api.ReplaceAsync(Kind, widget, ct);
    }

    private static WidgetStatus Status(string ready, string reason) => new()
    {
        Conditions = [new V1Condition { Type = "Ready", Status = ready, Reason = reason, Message = reason }],
    };
}
