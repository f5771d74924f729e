namespace IamOperator.Controllers;

/// <summary>
/// What a reconcile returns: done (<see cref="Success"/>), done but check again later (<see cref="RequeueAfter(TimeSpan)"/>),
/// or failed and to be retried with per-key exponential backoff (<see cref="Failed"/>). <see cref="Writes"/> counts the
/// external writes the reconcile made (reported as <c>iamoperator.iam_writes</c>).
/// </summary>
public sealed record ReconcileResult
{
    private ReconcileResult(ReconcileOutcome outcome, TimeSpan? requeueAfter, string? error, int writes)
    {
        Outcome = outcome;
        RequeueDelay = requeueAfter;
        Error = error;
        Writes = writes;
    }

    public ReconcileOutcome Outcome { get; }

    /// <summary>When to reconcile again (<see cref="ReconcileOutcome.Requeue"/> only).</summary>
    public TimeSpan? RequeueDelay { get; }

    /// <summary>Why it failed (<see cref="ReconcileOutcome.Error"/> only).</summary>
    public string? Error { get; }

    public int Writes { get; init; }

    public static ReconcileResult Success(int writes = 0) => new(ReconcileOutcome.Success, null, null, writes);

    public static ReconcileResult RequeueAfter(TimeSpan delay, int writes = 0) =>
        delay < TimeSpan.Zero
            ? throw new ArgumentOutOfRangeException(nameof(delay), delay, "A requeue delay cannot be negative.")
            : new(ReconcileOutcome.Requeue, delay, null, writes);

    public static ReconcileResult Failed(string error, int writes = 0) => new(ReconcileOutcome.Error, null, error, writes);
}
