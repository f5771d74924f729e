namespace IamOperator.Iam.Emulator.Protocol;

/// <summary>The injected throttle: a token bucket refilled continuously at the configured rate.</summary>
internal sealed class TokenBucket(TimeProvider timeProvider)
{
    private readonly Lock sync = new();
    private double tokens = double.NaN;
    private long lastRefill;

    /// <summary>Takes one token; false means the call is throttled.</summary>
    public bool TryTake(double ratePerSecond, int burst)
    {
        lock (sync)
        {
            var now = timeProvider.GetTimestamp();
            if (double.IsNaN(tokens))
            {
                tokens = burst;
            }
            else
            {
                var elapsed = timeProvider.GetElapsedTime(lastRefill, now).TotalSeconds;
                tokens = Math.Min(burst, tokens + (elapsed * ratePerSecond));
            }

            lastRefill = now;
            if (tokens < 1)
            {
                return false;
            }

            tokens -= 1;
            return true;
        }
    }
}
