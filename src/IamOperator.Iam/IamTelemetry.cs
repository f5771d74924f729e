using System.Diagnostics;

namespace IamOperator.Iam;

/// <summary>Names of the IAM client's ActivitySource and Meter, for wiring OpenTelemetry.</summary>
public static class IamTelemetry
{
    public const string ActivitySourceName = "IamOperator.Iam";
    public const string MeterName = "IamOperator.Iam";

    public const string CallsCounter = "iamoperator.iam.calls";
    public const string CallDurationHistogram = "iamoperator.iam.call.duration";
    public const string ThrottlesCounter = "iamoperator.iam.throttles";
    public const string RetriesCounter = "iamoperator.iam.retries";
    /// <summary>The adaptive limiter's current rate (unit {request}/s; Prometheus: iamoperator_iam_rate_limit_per_second).</summary>
    public const string RateLimitGauge = "iamoperator.iam.rate_limit";

    /// <summary>Bucket boundaries (seconds) for <see cref="CallDurationHistogram"/>; hosts pass them to an OpenTelemetry View.</summary>
    public static IReadOnlyList<double> DurationBuckets { get; } = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    internal static readonly ActivitySource ActivitySource = new(ActivitySourceName);
}
