using IamOperator.Controllers;
using IamOperator.Reconciliation;

namespace IamOperator.Operator;

/// <summary>
/// How the controller runtime reads an IAM reconcile's outcome: the one mapping behind <c>run</c>'s retries and both
/// <c>run</c>'s and plan/apply's <c>outcome</c> tags. The queue's backoff is the one retry mechanism: retryable IAM
/// failures are errors for it; a Stalled outcome (invalid spec, guardrail violation, ownership conflict, a dependency
/// not found) is never retried until the object or a dependency changes; a dependency wait looks again only at its
/// deadline; nothing else schedules a retry.
/// </summary>
public static class ReconcileResults
{
    public static ReconcileResult From(ReconcileOutcome outcome) =>
        outcome.IsReady ? ReconcileResult.Success(outcome.Writes)
        : outcome.IsRetryableFailure ? ReconcileResult.Failed(Describe(outcome), outcome.Writes)
        : outcome.IsStalled ? ReconcileResult.Stalled(outcome.RequeueAfter, outcome.Writes)
        : outcome.RequeueAfter is { } deadline ? ReconcileResult.RequeueAfter(deadline, outcome.Writes)
        : ReconcileResult.Success(outcome.Writes);

    /// <summary>
    /// A deletion is done once the finalizer may go; until then the finalizer holds the object and the queue retries
    /// it with backoff (prerequisites, eventual consistency, AccessDenied alike).
    /// </summary>
    public static ReconcileResult FromDeletion(ReconcileOutcome outcome) =>
        outcome.FinalizerRemovable
            ? ReconcileResult.Success(outcome.Writes)
            : ReconcileResult.Failed(Describe(outcome), outcome.Writes);

    private static string Describe(ReconcileOutcome outcome) => $"{outcome.Reason}: {outcome.Message}";
}
