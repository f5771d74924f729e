namespace IamOperator.Controllers;

/// <summary>
/// What a reconcile returns: done (<see cref="Success"/>), done but check again later (<see cref="RequeueAfter(TimeSpan)"/>),
/// failed and to be retried with per-key exponential backoff (<see cref="Failed"/>), or stuck until a person acts
/// (<see cref="Stalled"/>, not retried: counted apart so success means success). <see cref="Writes"/> counts the
/// external writes the reconcile made (reported as <c>iamoperator.iam_writes</c>).
/// </summary>
public sealed record ReconcileResult
{
    private ReconcileResult(ReconcileResultKind outcome, TimeSpan? requeueAfter, string? error, int writes)
    {
        Outcome = outcome;
        RequeueDelay = requeueAfter;
        Error = error;
        Writes = writes;
    }

    public ReconcileResultKind Outcome { get; }

    /// <summary>When to reconcile again (<see cref="ReconcileResultKind.Requeue"/>, and <see cref="ReconcileResultKind.Stalled"/> when set).</summary>
    public TimeSpan? RequeueDelay { get; }

    /// <summary>Why it failed (<see cref="ReconcileResultKind.Error"/> only).</summary>
    public string? Error { get; }

    public int Writes { get; init; }

    public static ReconcileResult Success(int writes = 0) => new(ReconcileResultKind.Success, null, null, writes);

    public static ReconcileResult RequeueAfter(TimeSpan delay, int writes = 0) =>
        delay < TimeSpan.Zero
            ? throw new ArgumentOutOfRangeException(nameof(delay), delay, "A requeue delay cannot be negative.")
            : new(ReconcileResultKind.Requeue, delay, null, writes);

    /// <summary>Needs a person; <paramref name="recheckAfter"/> when the cause may go away without a spec change (e.g. AccessDenied).</summary>
    public static ReconcileResult Stalled(TimeSpan? recheckAfter = null, int writes = 0) =>
        recheckAfter < TimeSpan.Zero
            ? throw new ArgumentOutOfRangeException(nameof(recheckAfter), recheckAfter, "A recheck delay cannot be negative.")
            : new(ReconcileResultKind.Stalled, recheckAfter, null, writes);

    public static ReconcileResult Failed(string error, int writes = 0) => new(ReconcileResultKind.Error, null, error, writes);
}
