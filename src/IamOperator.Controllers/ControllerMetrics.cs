using System.Diagnostics.Metrics;

namespace IamOperator.Controllers;

/// <summary>
/// The controller runtime's instruments (Meter <c>IamOperator.Controllers</c>): reconciles by kind and outcome,
/// reconcile duration, queue depth and wait, retries, drift corrections and resources by Ready status.
/// </summary>
public sealed class ControllerMetrics : IDisposable
{
    // Seconds; reconciles range from a cache hit to several throttled IAM calls.
    private static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly Meter meter;
    private readonly Lock gate = new();
    private readonly List<Source> sources = [];
    private readonly Counter<long> reconciles;
    private readonly Histogram<double> duration;
    private readonly Histogram<double> wait;
    private readonly Counter<long> retries;
    private readonly Counter<long> driftCorrections;

    public ControllerMetrics(IMeterFactory? meterFactory = null)
    {
        meter = meterFactory?.Create(ControllerTelemetry.Name) ?? new Meter(ControllerTelemetry.Name);
        reconciles = meter.CreateCounter<long>("iamoperator.reconciles", "{reconcile}", "Reconciles by kind and outcome.");
        duration = meter.CreateHistogram("iamoperator.reconcile.duration", "s", "How long reconciles take.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        wait = meter.CreateHistogram("iamoperator.workqueue.wait", "s", "How long keys wait in the work queue.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        retries = meter.CreateCounter<long>("iamoperator.reconcile.retries", "{retry}", "Reconciles scheduled again after a failure.");
        driftCorrections = meter.CreateCounter<long>("iamoperator.drift.corrections", "{correction}", "Drift-triggered reconciles that wrote.");
        meter.CreateObservableGauge("iamoperator.workqueue.depth", ObserveDepth, "{key}", "Keys waiting in the work queue.");
        meter.CreateObservableGauge("iamoperator.resources", ObserveResources, "{resource}", "Resources in the cache by Ready status.");
    }

    /// <summary>
    /// Adds a controller's queue depth and Ready counts to the observable gauges, and publishes its counters at zero:
    /// a series that appears only at its first increment makes <c>rate()</c> and alerts on it answer "no data"
    /// instead of 0 until something goes wrong.
    /// </summary>
    public void Register(string kind, Func<int> queueDepth, Func<(int Ready, int NotReady)> readiness)
    {
        lock (gate)
        {
            sources.Add(new Source(kind, queueDepth, readiness));
        }

        foreach (var outcome in Enum.GetValues<ReconcileResultKind>())
        {
            reconciles.Add(0, new KeyValuePair<string, object?>("kind", kind), new("outcome", ControllerTelemetry.TagValue(outcome)));
        }

        retries.Add(0, new KeyValuePair<string, object?>("kind", kind));
        driftCorrections.Add(0, new KeyValuePair<string, object?>("kind", kind));
    }

    public void Reconciled(string kind, ReconcileResultKind outcome, TimeSpan elapsed)
    {
        var tags = new KeyValuePair<string, object?>[] { new("kind", kind), new("outcome", ControllerTelemetry.TagValue(outcome)) };
        reconciles.Add(1, tags);
        duration.Record(elapsed.TotalSeconds, tags);
    }

    public void Waited(string kind, TimeSpan elapsed) => wait.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("kind", kind));

    public void Retried(string kind) => retries.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void DriftCorrected(string kind) => driftCorrections.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void Dispose() => meter.Dispose();

    private IEnumerable<Measurement<int>> ObserveDepth()
    {
        lock (gate)
        {
            return [.. sources.Select(s => new Measurement<int>(s.QueueDepth(), new KeyValuePair<string, object?>("kind", s.Kind)))];
        }
    }

    private IEnumerable<Measurement<int>> ObserveResources()
    {
        lock (gate)
        {
            return [.. sources.SelectMany(s =>
            {
                var (ready, notReady) = s.Readiness();
                return new[]
                {
                    new Measurement<int>(ready, new("kind", s.Kind), new("ready", "true")),
                    new Measurement<int>(notReady, new("kind", s.Kind), new("ready", "false")),
                };
            })];
        }
    }

    private sealed record Source(string Kind, Func<int> QueueDepth, Func<(int Ready, int NotReady)> Readiness);
}
