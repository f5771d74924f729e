using IamOperator.Controllers;

namespace IamOperator.Operator;

/// <summary>
/// Tells when a burst of changes to the informer caches is over: after changes, <see cref="QuietPeriod"/> without
/// any. Every replica sees the same bursts (the initial lists, the leader writing the status of thousands of
/// resources at its cold start, a folder of thousands applied at once), each replacing cached objects whose old
/// versions were often old enough to be promoted; a follower has no cold-start snapshot or drift scan to tell it
/// when such a burst ends.
/// </summary>
public sealed class CacheBurstWatch : IDisposable
{
    /// <summary>Long enough that a burst paced by IAM's rate (a status write every few hundred ms) counts as one.</summary>
    public static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(30);

    private readonly Lock gate = new();
    private readonly ITimer quiet;
    private int changes;

    public CacheBurstWatch(TimeProvider time)
    {
        quiet = time.CreateDetachedTimer(_ => Settle(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Raised on a timer thread when a burst is over, with how many changes it made.</summary>
    public event Action<int>? Settled;

    /// <summary>Counts a change and moves the end of the burst to <see cref="QuietPeriod"/> from now.</summary>
    public void Changed()
    {
        lock (gate)
        {
            changes++;
            quiet.Change(QuietPeriod, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose() => quiet.Dispose();

    private void Settle()
    {
        int burst;
        lock (gate)
        {
            (burst, changes) = (changes, 0);
        }

        if (burst > 0)
        {
            Settled?.Invoke(burst);
        }
    }
}
