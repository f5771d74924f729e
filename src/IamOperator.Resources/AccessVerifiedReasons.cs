namespace IamOperator.Resources;

/// <summary>
/// Reasons of the <see cref="ConditionTypes.AccessVerified"/> condition, kept apart from
/// <see cref="ConditionReasons"/> (the Ready / Reconciling / Stalled reasons): access checks never stall
/// a resource or hold back its Ready condition.
/// </summary>
public static class AccessVerifiedReasons
{
    /// <summary>AccessVerified=True: IAM's policy simulator decided every spec.accessChecks entry as expected.</summary>
    public const string AccessChecksPassed = "AccessChecksPassed";

    /// <summary>AccessVerified=False: the simulator decided at least one check against its expectation.</summary>
    public const string AccessCheckFailed = "AccessCheckFailed";

    /// <summary>
    /// AccessVerified=False: at least one check could not be decided: the decision depends on context keys the
    /// check does not supply (MissingContextValues), or the simulator could not be asked (e.g. AccessDenied).
    /// </summary>
    public const string AccessCheckUnverifiable = "AccessCheckUnverifiable";
}
