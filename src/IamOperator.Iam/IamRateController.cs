namespace IamOperator.Iam;

/// <summary>
/// Decides the IAM send rate from IAM's answers, the way the AWS SDKs' "adaptive" retry mode does:
/// no client-side limit until IAM first says Throttling; then a cut to <see cref="Beta"/> of the rate
/// that was actually being sent (at most one cut per <see cref="CutHoldSeconds"/>), and a CUBIC climb (RFC 8312's window curve) back towards and past
/// that rate while IAM keeps answering, never faster than twice the measured send rate and never
/// above the configured ceiling. IAM publishes no number for its per-account budget and shares it with
/// every other tool of the account, so the rate has to be found, and found again when it moves.
/// </summary>
/// <remarks>
/// Pure and not thread-safe: <see cref="IamRateLimiter"/> serialises calls and supplies the clock.
/// Times are seconds on any monotonic clock. The constants are the SDKs' (beta 0.7, scale 0.4,
/// smoothing 0.8 over half-second buckets, floor 0.5 requests/s).
/// </remarks>
public sealed class IamRateController
{
    /// <summary>The fraction of the send rate kept after a Throttling answer.</summary>
    public const double Beta = 0.7;
    /// <summary>CUBIC's C: how fast the rate climbs again after a cut.</summary>
    public const double ScaleConstant = 0.4;
    /// <summary>Weight of the newest half-second bucket in the measured send rate.</summary>
    public const double Smoothing = 0.8;
    /// <summary>The rate never goes below this, so a throttled client still probes IAM.</summary>
    public const double MinimumRate = 0.5;
    private const double MeasurementBucketSeconds = 0.5;
    /// <summary>
    /// After a cut, Throttling answers for this long do not cut again: they answer requests sent before the cut, at
    /// the old rate (IAM's round trip is 100–250 ms from outside us-east-1), and cutting once for each would turn one
    /// overshoot into 0.7 × 0.7 × … of the rate, leaving a quarter of the budget unused (measured with 8 requests in
    /// flight at 150 ms). TCP's rule: one reduction per round trip. A budget that really fell further is cut again after it.
    /// </summary>
    public const double CutHoldSeconds = 0.5;

    private double lastMaxRate;
    private double lastThrottleTime;
    private double measuredRate;
    private double measurementBucket;
    private long responsesInBucket;

    /// <param name="ceiling">The configured maximum in requests per second, or null for none.</param>
    /// <param name="now">The clock's reading when the controller starts, in seconds.</param>
    public IamRateController(double? ceiling, double now)
    {
        if (ceiling is { } value && (!(value > 0) || double.IsInfinity(value)))
            throw new ArgumentOutOfRangeException(nameof(ceiling), ceiling, "The rate ceiling must be a positive number of requests per second.");
        Ceiling = ceiling;
        Rate = ceiling;
        lastThrottleTime = now;
        measurementBucket = Math.Floor(now / MeasurementBucketSeconds) * MeasurementBucketSeconds;
    }

    public double? Ceiling { get; }

    /// <summary>Requests per second the client may send now; null while nothing limits it (no throttle yet, no ceiling).</summary>
    public double? Rate { get; private set; }

    /// <summary>True once IAM has throttled: from then on the rate is the controller's, not only the ceiling.</summary>
    public bool Adapting { get; private set; }

    /// <summary>Smoothed rate of IAM answers, in responses per second.</summary>
    public double MeasuredRate => measuredRate;

    /// <summary>Takes one IAM answer into account: <paramref name="throttled"/> when it was Throttling, else any other answer.</summary>
    public void OnResponse(bool throttled, double now)
    {
        Measure(now);
        double target;
        if (throttled)
        {
            if (Adapting && now - lastThrottleTime < CutHoldSeconds)
                return; // an answer to a request sent before the last cut
            var rateInUse = Adapting ? Math.Min(measuredRate, Rate!.Value) : measuredRate;
            lastMaxRate = rateInUse;
            lastThrottleTime = now;
            Adapting = true;
            target = rateInUse * Beta;
        }
        else
        {
            if (!Adapting)
                return; // nothing to adapt before the first throttle: the ceiling (or nothing) applies
            target = CubicRate(now);
        }
        var rate = Math.Max(Math.Min(target, 2 * measuredRate), MinimumRate);
        Rate = Ceiling is { } ceiling ? Math.Min(rate, ceiling) : rate;
    }

    /// <summary>
    /// CUBIC's window curve W(t) = C (t - K)^3 + Wmax, with K the time it takes to climb back to Wmax
    /// from the cut: flat near the rate that was throttled, steeper the longer IAM keeps answering.
    /// </summary>
    private double CubicRate(double now)
    {
        var timeToLastMax = Math.Cbrt(lastMaxRate * (1 - Beta) / ScaleConstant);
        return (ScaleConstant * Math.Pow(now - lastThrottleTime - timeToLastMax, 3)) + lastMaxRate;
    }

    private void Measure(double now)
    {
        responsesInBucket++;
        var bucket = Math.Floor(now / MeasurementBucketSeconds) * MeasurementBucketSeconds;
        if (bucket > measurementBucket)
        {
            var current = responsesInBucket / (bucket - measurementBucket);
            measuredRate = (current * Smoothing) + (measuredRate * (1 - Smoothing));
            responsesInBucket = 0;
            measurementBucket = bucket;
        }
    }
}
