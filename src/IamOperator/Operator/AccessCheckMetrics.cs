using System.Diagnostics.Metrics;
using IamOperator.Controllers;

namespace IamOperator.Operator;

/// <summary>
/// <c>iamoperator.access_checks</c> {kind, result=passed|failed|unverifiable} (Prometheus:
/// <c>iamoperator_access_checks_total</c>): every spec.accessChecks entry IAM's policy simulator judged, counted once per
/// verification. Checks are verified again at every resync, so a check that keeps failing keeps counting and
/// <c>increase(...{result="failed"}[15m]) &gt; 0</c> alerts on it. On the controllers' Meter, so it is exported with them.
/// </summary>
public sealed class AccessCheckMetrics : IDisposable
{
    public const string InstrumentName = "iamoperator.access_checks";

    private readonly Meter meter;
    private readonly Counter<long> checks;

    public AccessCheckMetrics(IMeterFactory? meterFactory = null)
    {
        meter = meterFactory?.Create(ControllerTelemetry.Name) ?? new Meter(ControllerTelemetry.Name);
        checks = meter.CreateCounter<long>(InstrumentName, "{check}", "Access checks judged by IAM's policy simulator, by kind and result.");
    }

    /// <summary>Publishes the kind's series at zero, so that rate() and alerts answer 0 rather than "no data" until a check runs.</summary>
    public void Register(string kind)
    {
        foreach (var result in Enum.GetValues<AccessCheckResult>()) checks.Add(0, Tags(kind, result));
    }

    public void Judged(string kind, AccessVerification verification)
    {
        ArgumentNullException.ThrowIfNull(verification);
        // A simulator that could not be asked judged nothing: the condition says so, the count stays as it was.
        foreach (var result in Enum.GetValues<AccessCheckResult>())
        {
            var count = verification.Count(result);
            if (count > 0) checks.Add(count, Tags(kind, result));
        }
    }

    public static string TagValue(AccessCheckResult result) => result switch
    {
        AccessCheckResult.Passed => "passed",
        AccessCheckResult.Failed => "failed",
        _ => "unverifiable",
    };

    private static KeyValuePair<string, object?>[] Tags(string kind, AccessCheckResult result) =>
        [new("kind", kind), new("result", TagValue(result))];

    public void Dispose() => meter.Dispose();
}
