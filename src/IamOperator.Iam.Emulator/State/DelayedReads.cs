using IamOperator.Iam.Emulator.Actions;
using IamOperator.Iam.Emulator.Protocol;

namespace IamOperator.Iam.Emulator.State;

/// <summary>
/// Eventual consistency for reads: while <see cref="EmulatorFaults.VisibilityDelay"/> is set, every
/// write leaves a snapshot of the account, and read actions answer from the newest snapshot that
/// is at least the delay old, so a write (attribute, tag, attachment, membership) shows up in
/// reads only after the delay. Snapshots are taken only while a delay is set.
/// </summary>
internal sealed class DelayedReads(IamAccount live)
{
    private readonly List<(DateTimeOffset At, IamAccount State, ActionTable Actions)> snapshots = [];

    /// <summary>Before a write: the first write under a delay keeps the state before it as the baseline.</summary>
    public void BeforeWrite(TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            snapshots.Clear();
        }
        else if (snapshots.Count == 0)
        {
            Add(DateTimeOffset.MinValue);
        }
    }

    /// <summary>After a successful write: the state as of now.</summary>
    public void AfterWrite(TimeSpan delay)
    {
        if (delay > TimeSpan.Zero)
        {
            Add(live.Now);
        }
    }

    /// <summary>The action to run for a read: the delayed snapshot's, or null to read the live state.</summary>
    public EmulatorActionHandler? ReadAction(string actionName, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero || snapshots.Count == 0)
        {
            snapshots.Clear();
            return null;
        }

        var horizon = live.Now - delay;
        var index = snapshots.FindLastIndex(snapshot => snapshot.At <= horizon);
        if (index < 0)
        {
            return null;
        }

        // Older snapshots can never be chosen again: the horizon only moves forward.
        snapshots.RemoveRange(0, index);
        return snapshots[0].Actions.Find(actionName);
    }

    private void Add(DateTimeOffset at)
    {
        var snapshot = live.Snapshot();
        snapshots.Add((at, snapshot, EmulatorActions.Table(snapshot)));
    }
}
