namespace IamOperator.Iam.Emulator;

/// <summary>
/// Faults injected into every call; change them while the server runs. All off by default.
/// </summary>
public sealed class EmulatorFaults
{
    private readonly Lock sync = new();
    private TimeSpan latency;
    private double? throttleRequestsPerSecond;
    private int throttleBurst = 1;
    private double failureRate;
    private TimeSpan visibilityDelay;
    private int? randomSeed;
    private Random random = new();

    /// <summary>Added to every call before it is answered.</summary>
    public TimeSpan Latency { get => Read(() => latency); set => Write(() => latency = value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), "Latency cannot be negative.")); }

    /// <summary>Token-bucket refill rate; calls beyond it answer <c>Throttling</c> (400, "Rate exceeded"). Null: no throttling.</summary>
    public double? ThrottleRequestsPerSecond { get => Read(() => throttleRequestsPerSecond); set => Write(() => throttleRequestsPerSecond = value is null or > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "The throttle rate must be positive.")); }

    /// <summary>Token-bucket capacity: how many calls may arrive at once before throttling starts.</summary>
    public int ThrottleBurst { get => Read(() => throttleBurst); set => Write(() => throttleBurst = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), "The burst must be at least 1.")); }

    /// <summary>Share of calls (0..1) answered with <c>ServiceFailure</c> (500) instead of being performed.</summary>
    public double FailureRate { get => Read(() => failureRate); set => Write(() => failureRate = value is >= 0 and <= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), "The failure rate must be between 0 and 1.")); }

    /// <summary>
    /// Eventual consistency: an entity created or deleted becomes visible to other calls only after this delay.
    /// </summary>
    public TimeSpan VisibilityDelay { get => Read(() => visibilityDelay); set => Write(() => visibilityDelay = value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), "The visibility delay cannot be negative.")); }

    /// <summary>Seed for the failure-rate dice, for repeatable runs. Null: unseeded.</summary>
    public int? RandomSeed
    {
        get => Read(() => randomSeed);
        set => Write(() => { randomSeed = value; random = value is { } seed ? new Random(seed) : new Random(); });
    }

    /// <summary>Rolls the failure-rate dice once.</summary>
    internal bool ShouldFail()
    {
        lock (sync)
        {
            return failureRate > 0 && random.NextDouble() < failureRate;
        }
    }

    private T Read<T>(Func<T> read)
    {
        lock (sync)
        {
            return read();
        }
    }

    private void Write(Action write)
    {
        lock (sync)
        {
            write();
        }
    }
}
