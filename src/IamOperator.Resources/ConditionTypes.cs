namespace IamOperator.Resources;

/// <summary>The kstatus condition types every kind reports.</summary>
public static class ConditionTypes
{
    public const string Ready = "Ready";
    public const string Reconciling = "Reconciling";
    public const string Stalled = "Stalled";
}
