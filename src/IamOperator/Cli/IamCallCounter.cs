using System.Diagnostics.Metrics;
using IamOperator.Iam;

namespace IamOperator.Cli;

/// <summary>
/// Counts the IAM calls of one plan/apply run from the IAM client's own calls counter
/// (<see cref="IamTelemetry.CallsCounter"/>). The client gets this as its meter factory and the count holds only
/// the meters made here, so other clients in the same process are not counted. The meters carry no factory scope,
/// like those of a client without one, so an OpenTelemetry exporter of the run still sees them.
/// </summary>
public sealed class IamCallCounter : IMeterFactory
{
    private readonly MeterListener listener = new();
    private readonly List<Meter> meters = [];
    private long calls;

    public IamCallCounter()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            bool ours;
            lock (meters) ours = meters.Contains(instrument.Meter);
            if (ours && instrument.Name == IamTelemetry.CallsCounter) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref calls, value));
        listener.Start();
    }

    /// <summary>IAM calls answered so far (a call retried after throttling counts once).</summary>
    public long Calls => Interlocked.Read(ref calls);

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options.Name, options.Version, options.Tags);
        lock (meters) meters.Add(meter);
        return meter;
    }

    public void Dispose()
    {
        listener.Dispose();
        lock (meters) foreach (var meter in meters) meter.Dispose();
    }
}
