using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using IamOperator.Controllers;
using IamOperator.Reconciliation;
using IamOperator.Reconciliation.Access;
using IamOperator.Resources;

namespace IamOperator.Operator;

/// <summary>
/// Two instruments on the controllers' Meter, so they are exported with them:
/// <list type="bullet">
/// <item><c>iamoperator.access_checks</c> {kind, result=passed|failed|unverifiable} (Prometheus
/// <c>iamoperator_access_checks_total</c>): every spec.accessChecks entry IAM's policy simulator judged, once per verification.</item>
/// <item><c>iamoperator.access_verified</c> {kind, result} (gauge): the resources whose AccessVerified condition says
/// passed, failed or unverifiable now, on the replica that reconciles (the leader). Checks are verified again only on
/// change, drift and resync (10 hours by default), so the counter alone would not say a failure persists; the gauge
/// does: <c>iamoperator_access_verified{result="failed"} &gt; 0</c>.</item>
/// </list>
/// </summary>
public sealed class AccessCheckMetrics : IDisposable
{
    public const string InstrumentName = "iamoperator.access_checks";
    public const string GaugeName = "iamoperator.access_verified";

    private readonly Meter meter;
    private readonly Counter<long> checks;
    private readonly ConcurrentDictionary<(string Kind, string Key), AccessCheckStatus> states = new();
    private readonly ConcurrentDictionary<string, bool> kinds = new(StringComparer.Ordinal);

    public AccessCheckMetrics(IMeterFactory? meterFactory = null)
    {
        meter = meterFactory?.Create(ControllerTelemetry.Name) ?? new Meter(ControllerTelemetry.Name);
        checks = meter.CreateCounter<long>(InstrumentName, "{check}", "Access checks judged by IAM's policy simulator, by kind and result.");
        meter.CreateObservableGauge(GaugeName, Observe, "{resource}", "Resources by what their AccessVerified condition says.");
    }

    /// <summary>Publishes the kind's series at zero, so that rate() and alerts answer 0 rather than "no data" until a check runs.</summary>
    public void Register(string kind)
    {
        kinds[kind] = true;
        foreach (var result in Enum.GetValues<AccessCheckStatus>()) checks.Add(0, Tags(kind, result));
    }

    public void Judged(string kind, AccessVerification verification)
    {
        ArgumentNullException.ThrowIfNull(verification);
        // A simulator that could not be asked judged nothing: the condition says so, the count stays as it was.
        foreach (var result in Enum.GetValues<AccessCheckStatus>())
        {
            var count = verification.Count(result);
            if (count > 0) checks.Add(count, Tags(kind, result));
        }
    }

    /// <summary>Records what a resource's AccessVerified condition now says; null (no checks, not verified) forgets it.</summary>
    public void Showing(string kind, string key, ConditionState? accessVerified)
    {
        var result = accessVerified?.Reason switch
        {
            null => (AccessCheckStatus?)null,
            AccessVerifiedReasons.AccessChecksPassed => AccessCheckStatus.Passed,
            AccessVerifiedReasons.AccessCheckFailed => AccessCheckStatus.Failed,
            _ => AccessCheckStatus.Unverifiable,
        };
        if (result is { } shown) states[(kind, key)] = shown;
        else states.TryRemove((kind, key), out _);
    }

    public static string TagValue(AccessCheckStatus result) => result switch
    {
        AccessCheckStatus.Passed => "passed",
        AccessCheckStatus.Failed => "failed",
        _ => "unverifiable",
    };

    private static KeyValuePair<string, object?>[] Tags(string kind, AccessCheckStatus result) =>
        [new("kind", kind), new("result", TagValue(result))];

    private IEnumerable<Measurement<int>> Observe()
    {
        var counts = states.GroupBy(s => (s.Key.Kind, s.Value)).ToDictionary(g => g.Key, g => g.Count());
        return [.. kinds.Keys.Order(StringComparer.Ordinal).SelectMany(kind => Enum.GetValues<AccessCheckStatus>().Select(result =>
            new Measurement<int>(counts.GetValueOrDefault((kind, result)), Tags(kind, result))))];
    }

    public void Dispose() => meter.Dispose();
}
