using IamOperator.ApiServer.Tests.Contract;
using IamOperator.ApiServer.Tests.Fixture;
using IamOperator.Controllers;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace IamOperator.ApiServer.Tests.Runtime;

/// <summary>
/// The test server does not serve the core API or events.k8s.io, like a cluster where the operator may not
/// write Events: recording one fails, and the EventRecorder must only warn about it.
/// </summary>
[Collection(RealApiServerCollection.Name)]
public sealed class EventRecordingTests(RealApiServerFixture fixture) : RealServerApiTest(fixture)
{
    private static Eventsv1Event EventAbout(Widget widget) => new()
    {
        ApiVersion = "events.k8s.io/v1",
        Kind = "Event",
        Metadata = new V1ObjectMeta { Name = $"{widget.Metadata.Name}.1", NamespaceProperty = widget.Metadata.NamespaceProperty },
        EventTime = DateTime.UtcNow,
        Type = "Normal",
        Reason = "Reconciled",
        Action = "Reconcile",
        ReportingController = "iamoperator.dev/iam-operator",
        ReportingInstance = "test",
        Regarding = new V1ObjectReference { ApiVersion = widget.ApiVersion, Kind = "Widget", Name = widget.Metadata.Name, NamespaceProperty = widget.Metadata.NamespaceProperty },
    };

    [RealApiServerFact]
    public async Task Creating_an_Event_fails_with_NotFound_because_events_are_not_served()
    {
        var widget = await Api.CreateAsync(Widget.Resource, Widget.New("events", $"w-{Guid.NewGuid():N}"[..12]), Timeout);

        await Assert.ThrowsAsync<NotFoundException>(() => Api.CreateEventAsync(EventAbout(widget), Timeout));
    }

    [RealApiServerFact]
    public async Task EventRecorder_treats_a_failed_Event_as_a_one_line_warning_and_carries_on()
    {
        var widget = await Api.CreateAsync(Widget.Resource, Widget.New("events", $"w-{Guid.NewGuid():N}"[..12]), Timeout);
        var logger = new FakeLogger<EventRecorder>();
        var recorder = new EventRecorder(Api, new EventRecorderOptions(), TimeProvider.System, logger);

        await recorder.RecordAsync(widget, "Warning", "ReconcileFailed", "IAM said no", "Reconcile", Timeout);

        var warning = Assert.Single(logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Warning);
        Assert.Null(warning.Exception); // no stack trace: the cause is in the message
        Assert.Contains("ReconcileFailed", warning.Message);
        Assert.Contains("404 NotFound", warning.Message);
        Assert.DoesNotContain(logger.Collector.GetSnapshot(), r => r.Level >= LogLevel.Error);
    }
}
