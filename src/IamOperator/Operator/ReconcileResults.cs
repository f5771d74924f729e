using IamOperator.Controllers;
using IamOperator.Reconciliation;

namespace IamOperator.Operator;

/// <summary>How the controller runtime reads an IAM reconcile's outcome: the one mapping behind <c>run</c>'s retries and
/// both <c>run</c>'s and plan/apply's <c>outcome</c> tags.</summary>
public static class ReconcileResults
{
    /// <summary>A deletion that cannot finish yet is looked at again this soon unless the reconciler said when.</summary>
    public static readonly TimeSpan DeletionRecheck = TimeSpan.FromSeconds(10);

    public static ReconcileResult From(ReconcileOutcome outcome) =>
        outcome.IsStalled ? ReconcileResult.Stalled(outcome.RequeueAfter, outcome.Writes)
        : outcome.RequeueAfter is { } delay ? ReconcileResult.RequeueAfter(delay, outcome.Writes)
        : ReconcileResult.Success(outcome.Writes);

    /// <summary>
    /// A deletion is done once the finalizer may go; until then it is always looked at again (the finalizer holds the
    /// object), as stalled when a person must act (e.g. AccessDenied) and as requeued while it makes progress.
    /// </summary>
    public static ReconcileResult FromDeletion(ReconcileOutcome outcome) =>
        outcome.FinalizerRemovable ? ReconcileResult.Success(outcome.Writes)
        : outcome.IsStalled ? ReconcileResult.Stalled(outcome.RequeueAfter ?? DeletionRecheck, outcome.Writes)
        : ReconcileResult.RequeueAfter(outcome.RequeueAfter ?? DeletionRecheck, outcome.Writes);
}
