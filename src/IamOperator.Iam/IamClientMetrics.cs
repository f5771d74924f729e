using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace IamOperator.Iam;

/// <summary>The IAM client's instruments; names follow the shared telemetry contract.</summary>
internal sealed class IamClientMetrics
{
    private static readonly Meter SharedMeter = new(IamTelemetry.MeterName);

    private readonly Counter<long> calls;
    private readonly Histogram<double> duration;
    private readonly Counter<long> throttles;
    private readonly Counter<long> retries;

    public IamClientMetrics(IMeterFactory? meterFactory)
    {
        var meter = meterFactory?.Create(IamTelemetry.MeterName) ?? SharedMeter;
        calls = meter.CreateCounter<long>(IamTelemetry.CallsCounter, "{call}", "IAM calls by action and outcome (success or the IAM error code).");
        duration = meter.CreateHistogram<double>(IamTelemetry.CallDurationHistogram, "s", "Duration of an IAM call including retries and rate-limit waits.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = IamTelemetry.DurationBuckets });
        throttles = meter.CreateCounter<long>(IamTelemetry.ThrottlesCounter, "{response}", "IAM responses that said Throttling.");
        retries = meter.CreateCounter<long>(IamTelemetry.RetriesCounter, "{retry}", "IAM attempts repeated after a retryable failure.");

        // Every series an alert watches exists from the start at 0: rate() of a series that appears only at its first
        // throttle answers "no data", not 0. Error outcomes of calls are open-ended, so only success is published.
        foreach (var action in IamActions.All)
        {
            calls.Add(0, new TagList { { "action", action }, { "outcome", "success" } });
            throttles.Add(0, new KeyValuePair<string, object?>("action", action));
            retries.Add(0, new KeyValuePair<string, object?>("action", action));
        }
    }

    public void RecordCall(string action, string outcome, TimeSpan duration)
    {
        var tags = new TagList { { "action", action }, { "outcome", outcome } };
        calls.Add(1, tags);
        this.duration.Record(duration.TotalSeconds, tags);
    }

    public void RecordThrottle(string action) => throttles.Add(1, new KeyValuePair<string, object?>("action", action));

    public void RecordRetry(string action) => retries.Add(1, new KeyValuePair<string, object?>("action", action));
}
