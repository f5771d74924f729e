using System.Diagnostics;
using IamOperator.Controllers.InMemory;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace IamOperator.Controllers.Tests;

[Collection(TelemetryCollection.Name)]
public sealed class TelemetryTests
{
    private static readonly ActivitySource IamCalls = new("IamOperator.Iam");
    private static readonly CustomResourceKind Kind = Widget.Crd;
    private readonly FakeTimeProvider time = new();
    private readonly InMemoryKubernetesApi api;
    private readonly CancellationToken ct = TestContext.Timeout(20);

    public TelemetryTests() => api = new InMemoryKubernetesApi(time);

    [Fact]
    public async Task Each_reconcile_is_a_root_span_with_the_resource_trigger_outcome_and_writes_and_IAM_calls_are_its_children()
    {
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(ControllerTelemetry.Name, "IamOperator.Iam")
            .AddInMemoryExporter(spans)
            .Build();
        var reconciler = new RecordingReconciler
        {
            Handler = (_, _, _) =>
            {
                using (IamCalls.StartActivity("CreateUser", ActivityKind.Client))
                {
                }

                return Task.FromResult(ReconcileResult.Success(writes: 2));
            },
        };
        await api.CreateAsync(Kind, Widget.New("a", "telemetry"), ct);

        using var outer = new Activity("host-startup").Start();
        await RunUntil(reconciler, () => reconciler.Calls.Count == 1);
        outer.Stop();
        tracing!.ForceFlush();

        var reconcile = Assert.Single(spans, s => s.DisplayName == "reconcile Widget");
        Assert.Equal(default, reconcile.ParentSpanId);
        Assert.Equal("Widget", reconcile.GetTagItem("k8s.resource.kind"));
        Assert.Equal("telemetry", reconcile.GetTagItem("k8s.namespace.name"));
        Assert.Equal("a", reconcile.GetTagItem("k8s.resource.name"));
        Assert.Equal(1L, reconcile.GetTagItem("k8s.resource.generation"));
        Assert.Equal("watch", reconcile.GetTagItem("iamoperator.trigger"));
        Assert.Equal("success", reconcile.GetTagItem("iamoperator.outcome"));
        Assert.Equal(2, reconcile.GetTagItem("iamoperator.iam_writes"));
        var call = Assert.Single(spans, s => s.DisplayName == "CreateUser");
        Assert.Equal(reconcile.SpanId, call.ParentSpanId);
        Assert.Equal(reconcile.TraceId, call.TraceId);
    }

    [Fact]
    public async Task A_failed_reconcile_span_has_error_status()
    {
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(ControllerTelemetry.Name).AddInMemoryExporter(spans).Build();
        var reconciler = new RecordingReconciler { Handler = (_, _, _) => Task.FromResult(ReconcileResult.Failed("Throttling")) };
        await api.CreateAsync(Kind, Widget.New("a", "telemetry"), ct);

        await RunUntil(reconciler, () => reconciler.Calls.Count == 1);
        tracing!.ForceFlush();

        var reconcile = Assert.Single(spans, s => s.DisplayName == "reconcile Widget");
        Assert.Equal(ActivityStatusCode.Error, reconcile.Status);
        Assert.Equal("Throttling", reconcile.StatusDescription);
        Assert.Equal("error", reconcile.GetTagItem("iamoperator.outcome"));
    }

    [Fact]
    public async Task Metrics_count_reconciles_by_outcome_time_them_and_report_queue_retries_drift_and_readiness()
    {
        var exported = new List<Metric>();
        using var metering = Sdk.CreateMeterProviderBuilder().AddMeter(ControllerTelemetry.Name).AddInMemoryExporter(exported).Build();
        var failedOnce = false;
        var reconciler = new RecordingReconciler
        {
            Handler = (w, trigger, _) => Task.FromResult(
                w.Metadata.Name == "flaky" && !failedOnce && (failedOnce = true) ? ReconcileResult.Failed("transient")
                : trigger == ReconcileTrigger.Drift ? ReconcileResult.Success(writes: 1)
                : ReconcileResult.Success()),
        };
        await api.CreateAsync(Kind, Widget.New("ready", "telemetry"), ct);
        await api.CreateAsync(Kind, Widget.New("flaky", "telemetry"), ct);
        await api.PatchStatusAsync<Widget>(Kind, "telemetry", "ready",
            System.Text.Json.Nodes.JsonNode.Parse("""{"conditions":[{"type":"Ready","status":"True","reason":"Reconciled","message":"","lastTransitionTime":"2026-11-28T00:00:00Z"}]}""")!.AsObject(), null, ct);

        await RunUntil(reconciler, () => reconciler.Calls.Count >= 4, controller =>
        {
            if (reconciler.Calls.Count == 3)
            {
                controller.Enqueue("telemetry", "ready", ReconcileTrigger.Drift);
            }
        }, () => metering!.ForceFlush());

        Assert.Equal(3, Sum(exported, "iamoperator.reconciles", ("kind", "Widget"), ("outcome", "success")));
        Assert.Equal(1, Sum(exported, "iamoperator.reconciles", ("kind", "Widget"), ("outcome", "error")));
        Assert.Equal(4, HistogramCount(exported, "iamoperator.reconcile.duration"));
        Assert.Equal("s", exported.First(m => m.Name == "iamoperator.reconcile.duration").Unit);
        Assert.Equal(4, HistogramCount(exported, "iamoperator.workqueue.wait"));
        Assert.Equal(1, Sum(exported, "iamoperator.reconcile.retries", ("kind", "Widget")));
        Assert.Equal(1, Sum(exported, "iamoperator.drift.corrections", ("kind", "Widget")));
        Assert.Equal(1, Gauge(exported, "iamoperator.resources", ("kind", "Widget"), ("ready", "true")));
        Assert.Equal(1, Gauge(exported, "iamoperator.resources", ("kind", "Widget"), ("ready", "false")));
        Assert.Contains(exported, m => m.Name == "iamoperator.workqueue.depth");
    }

    [Fact]
    public void Every_counter_of_a_kind_exists_at_zero_before_its_first_reconcile_so_rate_answers_0_not_no_data()
    {
        var exported = new List<Metric>();
        using var metering = Sdk.CreateMeterProviderBuilder().AddMeter(ControllerTelemetry.Name).AddInMemoryExporter(exported).Build();
        using var metrics = new ControllerMetrics();

        metrics.Register("Widget", () => 0, () => (0, 0));
        metering!.ForceFlush();

        foreach (var outcome in new[] { "success", "requeue", "error", "stalled" })
        {
            Assert.Equal(0, Assert.Single(Points(exported, "iamoperator.reconciles", ("kind", "Widget"), ("outcome", outcome))).GetSumLong());
        }

        Assert.Equal(0, Assert.Single(Points(exported, "iamoperator.reconcile.retries", ("kind", "Widget"))).GetSumLong());
        Assert.Equal(0, Assert.Single(Points(exported, "iamoperator.drift.corrections", ("kind", "Widget"))).GetSumLong());
    }

    [Fact]
    public async Task A_stalled_reconcile_counts_as_stalled_not_success_is_not_retried_and_is_rechecked_when_asked()
    {
        var exported = new List<Metric>();
        var spans = new List<Activity>();
        using var metering = Sdk.CreateMeterProviderBuilder().AddMeter(ControllerTelemetry.Name).AddInMemoryExporter(exported).Build();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(ControllerTelemetry.Name).AddInMemoryExporter(spans).Build();
        var reconciler = new RecordingReconciler
        {
            Handler = (w, _, _) => Task.FromResult(w.Metadata.Name == "denied"
                ? ReconcileResult.Stalled(recheckAfter: TimeSpan.FromMinutes(5))
                : ReconcileResult.Stalled()),
        };
        await api.CreateAsync(Kind, Widget.New("invalid", "telemetry"), ct);
        await api.CreateAsync(Kind, Widget.New("denied", "telemetry"), ct);

        // Past the 5 minute recheck, far from the 10 minute resync that would reconcile both again.
        await RunUntil(reconciler, () => reconciler.CallsFor("denied") == 2, _ =>
        {
            if (reconciler.CallsFor("denied") == 1)
            {
                time.Advance(TimeSpan.FromSeconds(30));
            }
        }, () =>
        {
            metering!.ForceFlush();
            tracing!.ForceFlush();
        });

        Assert.Equal(1, reconciler.CallsFor("invalid"));
        Assert.Equal(ReconcileTrigger.Resync, reconciler.Calls.Last(c => c.Resource.Metadata.Name == "denied").Trigger);
        Assert.Equal(3, Sum(exported, "iamoperator.reconciles", ("kind", "Widget"), ("outcome", "stalled")));
        Assert.Equal(0, Sum(exported, "iamoperator.reconciles", ("kind", "Widget"), ("outcome", "success")));
        Assert.Equal(0, Sum(exported, "iamoperator.reconcile.retries", ("kind", "Widget")));
        Assert.All(spans, s => Assert.Equal("stalled", s.GetTagItem("iamoperator.outcome")));
    }

    private async Task RunUntil(RecordingReconciler reconciler, Func<bool> done, Action<Controller<Widget>>? whileWaiting = null, Action? beforeStop = null)
    {
        using var metrics = new ControllerMetrics();
        using var stop = new CancellationTokenSource();
        var controller = new Controller<Widget>(api, Kind, reconciler, new ControllerOptions { Namespaces = ["telemetry"] }, metrics, time, NullLoggerFactory.Instance);
        var running = Task.WhenAll(controller.RunCacheAsync(stop.Token), controller.RunWorkersAsync(stop.Token));
        await Eventually.True(() =>
        {
            whileWaiting?.Invoke(controller);
            return done();
        }, time, TimeSpan.FromMilliseconds(5), "reconciles");
        await Eventually.True(() => controller.InProgress == 0, because: "reconciles to end");
        beforeStop?.Invoke();
        await stop.CancelAsync();
        await running;
    }

    private static IEnumerable<MetricPoint> Points(List<Metric> exported, string name, params (string Key, string Value)[] tags)
    {
        foreach (var metric in exported.Where(m => m.Name == name))
        {
            foreach (var point in metric.GetMetricPoints())
            {
                var pointTags = new Dictionary<string, object?>();
                foreach (var tag in point.Tags)
                {
                    pointTags[tag.Key] = tag.Value;
                }

                if (tags.All(t => pointTags.TryGetValue(t.Key, out var v) && (string?)v == t.Value))
                {
                    yield return point;
                }
            }
        }
    }

    private static long Sum(List<Metric> exported, string name, params (string, string)[] tags) =>
        Points(exported, name, tags).Select(p => p.GetSumLong()).DefaultIfEmpty(0).Max();

    private static long Gauge(List<Metric> exported, string name, params (string, string)[] tags) =>
        Points(exported, name, tags).Select(p => p.GetGaugeLastValueLong()).LastOrDefault();

    private static long HistogramCount(List<Metric> exported, string name) =>
        Points(exported, name, ("kind", "Widget")).Sum(p => p.GetHistogramCount());
}
