using System.Diagnostics;

namespace IamOperator.Benchmarks;

/// <summary>
/// Operations per second of a pure operation, measured in several timed rounds after a warm-up, so that one
/// noisy round on a shared machine shows up as spread instead of silently moving the result.
/// </summary>
public sealed record Measurement(string Name, int OperationsPerRound, IReadOnlyList<double> OperationsPerSecond)
{
    public double Median => Percentile(0.5);
    public double Min => OperationsPerSecond.Min();
    public double Max => OperationsPerSecond.Max();

    /// <summary>Half the distance between the fastest and slowest round, relative to the median.</summary>
    public double SpreadPercent => (Max - Min) / 2 / Median * 100;

    public double MicrosecondsPerOperation => 1_000_000 / Median;

    /// <summary>
    /// Runs <paramref name="operation"/> for about <paramref name="warmUp"/> first, then <paramref name="rounds"/>
    /// rounds of a fixed number of calls sized so that one round takes about <paramref name="roundTime"/>.
    /// The operation returns a value that is folded into a checksum, so the JIT cannot drop the work.
    /// </summary>
    public static Measurement Run(string name, Func<int> operation, int rounds = 7, TimeSpan? warmUp = null, TimeSpan? roundTime = null)
    {
        var checksum = 0;
        var warmUpTime = warmUp ?? TimeSpan.FromMilliseconds(500);
        var clock = Stopwatch.StartNew();
        var warmUpCalls = 0;
        while (clock.Elapsed < warmUpTime)
        {
            checksum ^= operation();
            warmUpCalls++;
        }

        var perSecond = warmUpCalls / clock.Elapsed.TotalSeconds;
        var perRound = Math.Max(1, (int)(perSecond * (roundTime ?? TimeSpan.FromMilliseconds(300)).TotalSeconds));
        var results = new List<double>(rounds);
        for (var round = 0; round < rounds; round++)
        {
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < perRound; i++)
            {
                checksum ^= operation();
            }

            results.Add(perRound / Stopwatch.GetElapsedTime(start).TotalSeconds);
        }

        GC.KeepAlive(checksum);
        return new Measurement(name, perRound, results);
    }

    private double Percentile(double p)
    {
        var sorted = OperationsPerSecond.Order().ToList();
        var position = (sorted.Count - 1) * p;
        var low = (int)Math.Floor(position);
        var high = (int)Math.Ceiling(position);
        return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
    }
}
