namespace IamOperator.Reconciliation;

/// <summary>How far a reconcile goes: plan only (dry run, <c>iam-operator plan</c>) or plan and apply.</summary>
public sealed record ReconcileOptions(bool PlanOnly)
{
    public static ReconcileOptions Apply { get; } = new(false);
    public static ReconcileOptions Plan { get; } = new(true);
}
