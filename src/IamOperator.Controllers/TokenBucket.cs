namespace IamOperator.Controllers;

/// <summary>
/// A token bucket that hands out delays instead of refusals (like Go's <c>rate.Limiter.Reserve</c>, which
/// client-go's work queue uses): each reservation takes a token, and when none is left the caller is told how
/// long to wait. Driven by a <see cref="TimeProvider"/> so tests control time.
/// </summary>
public sealed class TokenBucket
{
    private readonly Lock gate = new();
    private readonly TimeProvider time;
    private readonly double tokensPerSecond;
    private readonly double burst;
    private double tokens;
    private long last;

    public TokenBucket(double tokensPerSecond, int burst, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tokensPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        this.tokensPerSecond = tokensPerSecond;
        this.burst = burst;
        this.time = time;
        tokens = burst;
        last = time.GetTimestamp();
    }

    /// <summary>Takes one token; returns how long to wait before using it (zero when one was available).</summary>
    public TimeSpan Reserve()
    {
        lock (gate)
        {
            var now = time.GetTimestamp();
            tokens = Math.Min(burst, tokens + (time.GetElapsedTime(last, now).TotalSeconds * tokensPerSecond));
            last = now;
            tokens -= 1;
            return tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-tokens / tokensPerSecond);
        }
    }
}
