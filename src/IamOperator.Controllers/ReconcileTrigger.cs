namespace IamOperator.Controllers;

/// <summary>
/// Why a key was queued, reported on the reconcile span as <c>iamoperator.trigger</c>. When one key is queued for
/// several reasons before it is processed, the strongest wins: Drift over Dependency over Watch over Retry over Resync.
/// </summary>
public enum ReconcileTrigger
{
    /// <summary>Periodic resync, or a recheck the reconciler scheduled with <see cref="ReconcileResult.RequeueAfter(TimeSpan)"/>.</summary>
    Resync = 0,
    /// <summary>A retry after a failed reconcile, with per-key backoff.</summary>
    Retry = 1,
    /// <summary>The object changed (watch event) or appeared in a (re-)list.</summary>
    Watch = 2,
    /// <summary>
    /// A group or policy the object references changed what it grants, or whether and under which name it can be
    /// referenced: what the object can do may have changed although its own spec did not.
    /// </summary>
    Dependency = 3,
    /// <summary>The drift scan found the external state different from the declaration.</summary>
    Drift = 4,
}
