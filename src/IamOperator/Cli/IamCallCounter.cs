using System.Diagnostics.Metrics;
using IamOperator.Iam;

namespace IamOperator.Cli;

/// <summary>
/// Counts the IAM calls of one plan/apply run from the IAM client's own calls counter
/// (<see cref="IamTelemetry.CallsCounter"/>). The client gets this as its meter factory, so the count
/// holds only this run's client, not others in the same process.
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
            if (ReferenceEquals(instrument.Meter.Scope, this) && instrument.Name == IamTelemetry.CallsCounter) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref calls, value));
        listener.Start();
    }

    /// <summary>IAM calls answered so far (a call retried after throttling counts once).</summary>
    public long Calls => Interlocked.Read(ref calls);

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
        lock (meters) meters.Add(meter);
        return meter;
    }

    public void Dispose()
    {
        listener.Dispose();
        lock (meters) foreach (var meter in meters) meter.Dispose();
    }
}
