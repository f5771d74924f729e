namespace IamOperator.Controllers;

/// <summary>
/// What a reconcile returns: done (<see cref="Success"/>), done but check again later (<see cref="RequeueAfter(TimeSpan)"/>),
/// failed and to be retried with per-key exponential backoff (<see cref="Failed"/>), or failed in a way only a change of
/// the object can fix (<see cref="Terminal"/>: not retried; the next watch event or resync reconciles it again), as
/// controller-runtime's TerminalError. The queue's backoff is the one retry mechanism: a reconciler reports failures and
/// never computes retry delays itself. <see cref="Writes"/> counts the external writes the reconcile made (reported as
/// <c>iamoperator.iam_writes</c>).
/// </summary>
public sealed record ReconcileResult
{
    private ReconcileResult(ReconcileResultKind outcome, TimeSpan? requeueAfter, string? error, int writes, bool terminal = false)
    {
        Outcome = outcome;
        IsTerminal = terminal;
        RequeueDelay = requeueAfter;
        Error = error;
        Writes = writes;
    }

    public ReconcileResultKind Outcome { get; }

    /// <summary>When to reconcile again (<see cref="ReconcileResultKind.Requeue"/> only).</summary>
    public TimeSpan? RequeueDelay { get; }

    /// <summary>Why it failed (<see cref="ReconcileResultKind.Error"/> only).</summary>
    public string? Error { get; }

    public int Writes { get; init; }

    /// <summary>An error that retrying cannot fix (<see cref="ReconcileResultKind.Error"/> only): not requeued.</summary>
    public bool IsTerminal { get; }

    public static ReconcileResult Success(int writes = 0) => new(ReconcileResultKind.Success, null, null, writes);

    public static ReconcileResult RequeueAfter(TimeSpan delay, int writes = 0) =>
        delay < TimeSpan.Zero
            ? throw new ArgumentOutOfRangeException(nameof(delay), delay, "A requeue delay cannot be negative.")
            : new(ReconcileResultKind.Requeue, delay, null, writes);

    public static ReconcileResult Failed(string error, int writes = 0) => new(ReconcileResultKind.Error, null, error, writes);

    /// <summary>Failed until the object changes (invalid spec, policy violation): reported as an error, never retried.</summary>
    public static ReconcileResult Terminal(string error, int writes = 0) => new(ReconcileResultKind.Error, null, error, writes, terminal: true);
}
