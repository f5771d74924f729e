namespace IamOperator.Iam.Emulator.Protocol;

/// <summary>The injected throttle: a token bucket refilled continuously at the configured rate.</summary>
internal sealed class TokenBucket(TimeProvider timeProvider)
{
    private readonly Lock _sync = new();
    private double _tokens = double.NaN;
    private long _lastRefill;

    /// <summary>Takes one token; false means the call is throttled.</summary>
    public bool TryTake(double ratePerSecond, int burst)
    {
        lock (_sync)
        {
            var now = timeProvider.GetTimestamp();
            if (double.IsNaN(_tokens))
            {
                _tokens = burst;
            }
            else
            {
                var elapsed = timeProvider.GetElapsedTime(_lastRefill, now).TotalSeconds;
                _tokens = Math.Min(burst, _tokens + (elapsed * ratePerSecond));
            }

            _lastRefill = now;
            if (_tokens < 1)
            {
                return false;
            }

            _tokens -= 1;
            return true;
        }
    }
}
