namespace IamOperator.Controllers;

/// <summary>
/// Timers that do not capture the caller's ExecutionContext. A timer created inside a reconcile would otherwise keep
/// that reconcile's context (its Activity with tags, its AsyncLocals) alive until it fires: hours later for a resync
/// of thousands of keys, minutes for the cold-start snapshot's expiry.
/// </summary>
public static class DetachedTimers
{
    /// <summary><see cref="TimeProvider.CreateTimer"/> with the ExecutionContext's flow suppressed while the timer is made.</summary>
    public static ITimer CreateDetachedTimer(this TimeProvider time, TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (ExecutionContext.IsFlowSuppressed())
        {
            return time.CreateTimer(callback, state, dueTime, period);
        }

        using (ExecutionContext.SuppressFlow())
        {
            return time.CreateTimer(callback, state, dueTime, period);
        }
    }
}
