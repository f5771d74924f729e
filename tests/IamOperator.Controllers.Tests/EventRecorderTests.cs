using IamOperator.Controllers.InMemory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace IamOperator.Controllers.Tests;

public sealed class EventRecorderTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 28, 1, 0, 0, TimeSpan.Zero));
    private readonly InMemoryKubernetesApi api;
    private readonly EventRecorder recorder;
    private readonly CancellationToken ct = TestContext.Timeout(10);

    public EventRecorderTests()
    {
        api = new InMemoryKubernetesApi(time);
        recorder = new EventRecorder(api, new EventRecorderOptions { ReportingInstance = "iam-operator-0" }, time, NullLogger<EventRecorder>.Instance);
    }

    [Fact]
    public async Task An_Event_names_the_object_it_is_about_so_kubectl_describe_shows_it()
    {
        var widget = await api.CreateAsync(Widget.Crd, Widget.New("a", "team"), ct);

        await recorder.RecordAsync(widget, EventTypes.Warning, "ReconcileFailed", "IAM said Throttling", "Reconcile", ct);

        var recorded = Assert.Single(api.Events);
        Assert.Equal("team", recorded.Metadata.NamespaceProperty);
        Assert.StartsWith("a.", recorded.Metadata.Name);
        Assert.Equal("Warning", recorded.Type);
        Assert.Equal("ReconcileFailed", recorded.Reason);
        Assert.Equal("IAM said Throttling", recorded.Note);
        Assert.Equal("Reconcile", recorded.Action);
        Assert.Equal("iamoperator.dev/iam-operator", recorded.ReportingController);
        Assert.Equal("iam-operator-0", recorded.ReportingInstance);
        Assert.Equal(time.GetUtcNow().UtcDateTime, recorded.EventTime);
        Assert.Equal(("example.com/v1", "Widget", "a", "team", widget.Metadata.Uid),
            (recorded.Regarding.ApiVersion, recorded.Regarding.Kind, recorded.Regarding.Name, recorded.Regarding.NamespaceProperty, recorded.Regarding.Uid));
    }

    [Fact]
    public async Task An_Event_about_a_cluster_scoped_object_goes_to_namespace_default_as_client_go_puts_it()
    {
        var widget = await api.CreateAsync(Widget.ClusterCrd, Widget.New("a", null), ct);

        await recorder.RecordAsync(widget, EventTypes.Normal, "Created", "made it", "Reconcile", ct);

        var recorded = Assert.Single(api.Events);
        Assert.Equal(EventRecorder.ClusterScopedEventNamespace, recorded.Metadata.NamespaceProperty);
        Assert.Equal("default", recorded.Metadata.NamespaceProperty);
        Assert.Equal(("Widget", "a", widget.Metadata.Uid), (recorded.Regarding.Kind, recorded.Regarding.Name, recorded.Regarding.Uid));
        Assert.True(string.IsNullOrEmpty(recorded.Regarding.NamespaceProperty));
    }

    [Fact]
    public async Task An_identical_Event_is_sent_once_per_repeat_window()
    {
        var widget = await api.CreateAsync(Widget.Crd, Widget.New("a"), ct);

        await recorder.RecordAsync(widget, EventTypes.Warning, "ReconcileFailed", "Throttling", "Reconcile", ct);
        await recorder.RecordAsync(widget, EventTypes.Warning, "ReconcileFailed", "Throttling", "Reconcile", ct);
        await recorder.RecordAsync(widget, EventTypes.Warning, "ReconcileFailed", "AccessDenied", "Reconcile", ct);
        time.Advance(TimeSpan.FromMinutes(10));
        await recorder.RecordAsync(widget, EventTypes.Warning, "ReconcileFailed", "Throttling", "Reconcile", ct);

        Assert.Equal(["Throttling", "AccessDenied", "Throttling"], api.Events.Select(e => e.Note));
    }

    [Fact]
    public async Task A_note_longer_than_the_API_allows_is_truncated_to_1024_bytes()
    {
        var widget = await api.CreateAsync(Widget.Crd, Widget.New("a"), ct);

        await recorder.RecordAsync(widget, EventTypes.Normal, "Updated", new string('é', 2000), "Reconcile", ct);

        var note = Assert.Single(api.Events).Note;
        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(note), 1000, 1024);
        Assert.EndsWith("...", note);
    }

    [Fact]
    public async Task A_failure_to_record_is_swallowed()
    {
        var widget = await api.CreateAsync(Widget.Crd, Widget.New("a"), ct);
        api.FaultInjector = r => r.Verb == "create-event" ? new ForbiddenException("events is forbidden") : null;

        await recorder.RecordAsync(widget, EventTypes.Normal, "Created", "created", "Reconcile", ct);

        Assert.Empty(api.Events);
    }

    [Fact]
    public async Task Failed_Events_are_logged_once_per_reason_without_a_stack_trace_then_summarised_with_a_count_once_per_window()
    {
        var logger = new FakeLogger<EventRecorder>();
        var quiet = new EventRecorder(api, new EventRecorderOptions(), time, logger);
        api.FaultInjector = r => r.Verb == "create-event" ? new NotFoundException("the server could not find the requested resource") : null;
        var widgets = new List<Widget>();
        for (var i = 0; i < 6; i++)
        {
            widgets.Add(await api.CreateAsync(Widget.Crd, Widget.New($"user-{i}", "team"), ct));
        }

        foreach (var widget in widgets.Take(5))
        {
            await quiet.RecordAsync(widget, EventTypes.Normal, "Created", "created", "Reconcile", ct);
        }

        await quiet.RecordAsync(widgets[0], EventTypes.Warning, "GuardrailViolation", "Allow * on *", "Reconcile", ct);

        var first = logger.Collector.GetSnapshot();
        Assert.Equal(2, first.Count);
        Assert.All(first, r => Assert.Equal(LogLevel.Warning, r.Level));
        Assert.All(first, r => Assert.Null(r.Exception));
        Assert.Contains(first, r => r.Message.Contains("Event Created on Widget team/user-0 (404 NotFound: the server could not find the requested resource)"));
        Assert.Contains(first, r => r.Message.Contains("Event GuardrailViolation on Widget team/user-0"));

        time.Advance(new EventRecorderOptions().RepeatWindow);
        await quiet.RecordAsync(widgets[5], EventTypes.Normal, "Created", "created", "Reconcile", ct);
        await quiet.RecordAsync(widgets[5], EventTypes.Normal, "Created", "created again", "Reconcile", ct);

        var summary = Assert.Single(logger.Collector.GetSnapshot().Skip(2));
        Assert.Null(summary.Exception);
        Assert.Contains("Could not record 5 more Normal Events Created in the last 00:10:00 (404 NotFound", summary.Message);
        Assert.Contains("the latest on Widget team/user-5", summary.Message);
    }
}
