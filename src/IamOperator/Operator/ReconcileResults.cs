using IamOperator.Controllers;
using IamOperator.Reconciliation;

namespace IamOperator.Operator;

/// <summary>How the controller runtime reads an IAM reconcile's outcome: the one mapping behind <c>run</c>'s retries and
/// both <c>run</c>'s and plan/apply's <c>outcome</c> tags.</summary>
public static class ReconcileResults
{
    public static ReconcileResult From(ReconcileOutcome outcome) =>
        outcome.IsStalled ? ReconcileResult.Stalled(outcome.RequeueAfter, outcome.Writes)
        : outcome.RequeueAfter is { } delay ? ReconcileResult.RequeueAfter(delay, outcome.Writes)
        : ReconcileResult.Success(outcome.Writes);
}
