using System.Diagnostics.Metrics;

namespace IamOperator.Iam;

/// <summary>
/// Reports the rate the shared limiter currently allows, so a dashboard shows what the operator found
/// IAM's budget to be. No value while nothing limits the client (IAM never throttled and no ceiling).
/// </summary>
internal sealed class IamRateLimitGauge
{
    private static readonly Meter SharedMeter = new(IamTelemetry.MeterName);

    private volatile bool stopped;

    public IamRateLimitGauge(IMeterFactory? meterFactory, IamRateLimiter limiter, Uri endpoint)
    {
        var meter = meterFactory?.Create(IamTelemetry.MeterName) ?? SharedMeter;
        var server = new KeyValuePair<string, object?>("server.address", endpoint.Host);
        meter.CreateObservableGauge(IamTelemetry.RateLimitGauge,
            () => !stopped && limiter.RequestsPerSecond is { } rate ? [new Measurement<double>(rate, server)] : Array.Empty<Measurement<double>>(),
            "{request}/s", "Requests per second the adaptive IAM rate limiter allows now.");
    }

    /// <summary>A disposed client stops reporting, so a later client of the same limiter is not counted twice.</summary>
    public void Stop() => stopped = true;
}
