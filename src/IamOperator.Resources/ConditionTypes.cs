namespace IamOperator.Resources;

/// <summary>The kstatus condition types every kind reports.</summary>
public static class ConditionTypes
{
    public const string Ready = "Ready";
    public const string Reconciling = "Reconciling";
    public const string Stalled = "Stalled";

    /// <summary>
    /// Whether IAM's policy simulator decides the resource's spec.accessChecks as they expect (reasons in
    /// <see cref="AccessVerifiedReasons"/>); only on resources that declare checks. Not a kstatus condition:
    /// it does not hold back Ready.
    /// </summary>
    public const string AccessVerified = "AccessVerified";
}
