using System.Runtime;
using Microsoft.Extensions.Logging;

namespace IamOperator.Hosting;

/// <summary>
/// Gives the memory of a finished burst back to the system. A burst over a large account leaves tens of MiB in the
/// oldest generation: the cold start replaces each cached resource once its status is written (on every replica),
/// and the account read of the cold start and of every drift scan lives through the whole read (a page at a time,
/// for seconds), long enough to be promoted. The GC collects that generation when its budget is reached, which an
/// operator at rest may not reach for a long time, so the pod kept that memory: at 10,000 resources in the chart's
/// 256Mi pod, 145–157 MiB of GC heap committed for 66–75 MiB live (docs/benchmarks.md, memory). One compacting
/// collection when a burst is known to be over, the only moment the runtime's own heuristics cannot see, returns it.
/// </summary>
public static partial class ManagedHeap
{
    /// <summary>
    /// Below this size (IAM entities read, cached objects replaced) a burst leaves a few MiB at most, not worth a
    /// blocking collection of the whole heap (tens to hundreds of milliseconds) every drift period.
    /// </summary>
    public const int SizeWorthCompacting = 1_000;

    /// <summary>
    /// After a burst (<paramref name="burst"/> names it in the log) of <paramref name="size"/> <paramref name="unit"/>: a
    /// blocking, compacting collection of every generation that also decommits the freed memory, when the burst was
    /// large enough. Returns whether it collected.
    /// </summary>
    public static bool CompactAfterBurst(string burst, int size, string unit, ILogger logger)
    {
        if (size < SizeWorthCompacting)
        {
            return false;
        }

        var before = GC.GetGCMemoryInfo(GCKind.Any);
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var after = GC.GetGCMemoryInfo(GCKind.Any);
        LogCompacted(logger, burst, size, unit, before.TotalCommittedBytes, after.TotalCommittedBytes, after.HeapSizeBytes, after.PauseDurations[0].TotalMilliseconds);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Debug,
        Message = "After the {Burst} ({Size} {Unit}): compacted the managed heap, committed {CommittedBefore} -> {CommittedAfter} bytes, {HeapSize} bytes live, paused {PauseMilliseconds} ms")]
    private static partial void LogCompacted(ILogger logger, string burst, int size, string unit, long committedBefore, long committedAfter, long heapSize, double pauseMilliseconds);
}
