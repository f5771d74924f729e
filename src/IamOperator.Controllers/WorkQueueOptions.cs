namespace IamOperator.Controllers;

/// <summary>Retry pacing of a <see cref="WorkQueue"/>; the defaults are client-go's controller rate limiter, with a lower cap.</summary>
public sealed class WorkQueueOptions
{
    /// <summary>First retry delay of a failing key; doubles with each further failure.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Longest retry delay of a failing key.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Overall rate of retries across all keys (token bucket refill per second).</summary>
    public double RetriesPerSecond { get; set; } = 10;

    /// <summary>Retries allowed at once before the overall rate applies.</summary>
    public int RetryBurst { get; set; } = 100;
}
