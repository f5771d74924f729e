namespace IamOperator.Iam.Emulator;

/// <summary>
/// Faults injected into every call; change them while the server runs. All off by default.
/// </summary>
public sealed class EmulatorFaults
{
    private readonly Lock _sync = new();
    private TimeSpan _latency;
    private double? _throttleRequestsPerSecond;
    private int _throttleBurst = 1;
    private double _failureRate;
    private TimeSpan _visibilityDelay;
    private int? _randomSeed;
    private Random _random = new();

    /// <summary>Added to every call before it is answered.</summary>
    public TimeSpan Latency { get => Read(() => _latency); set => Write(() => _latency = value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), "Latency cannot be negative.")); }

    /// <summary>Token-bucket refill rate; calls beyond it answer <c>Throttling</c> (400, "Rate exceeded"). Null: no throttling.</summary>
    public double? ThrottleRequestsPerSecond { get => Read(() => _throttleRequestsPerSecond); set => Write(() => _throttleRequestsPerSecond = value is null or > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "The throttle rate must be positive.")); }

    /// <summary>Token-bucket capacity: how many calls may arrive at once before throttling starts.</summary>
    public int ThrottleBurst { get => Read(() => _throttleBurst); set => Write(() => _throttleBurst = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), "The burst must be at least 1.")); }

    /// <summary>Share of calls (0..1) answered with <c>ServiceFailure</c> (500) instead of being performed.</summary>
    public double FailureRate { get => Read(() => _failureRate); set => Write(() => _failureRate = value is >= 0 and <= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), "The failure rate must be between 0 and 1.")); }

    /// <summary>
    /// Eventual consistency: an entity created or deleted becomes visible to other calls only after this delay.
    /// </summary>
    public TimeSpan VisibilityDelay { get => Read(() => _visibilityDelay); set => Write(() => _visibilityDelay = value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), "The visibility delay cannot be negative.")); }

    /// <summary>Seed for the failure-rate dice, for repeatable runs. Null: unseeded.</summary>
    public int? RandomSeed
    {
        get => Read(() => _randomSeed);
        set => Write(() => { _randomSeed = value; _random = value is { } seed ? new Random(seed) : new Random(); });
    }

    /// <summary>Rolls the failure-rate dice once.</summary>
    internal bool ShouldFail()
    {
        lock (_sync)
        {
            return _failureRate > 0 && _random.NextDouble() < _failureRate;
        }
    }

    private T Read<T>(Func<T> read)
    {
        lock (_sync)
        {
            return read();
        }
    }

    private void Write(Action write)
    {
        lock (_sync)
        {
            write();
        }
    }
}
