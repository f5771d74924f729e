using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace IamOperator.Iam;

/// <summary>
/// The client-side token bucket in front of IAM. IAM throttles per account, not per caller, so
/// every client of one endpoint in the process must draw from the same bucket
/// (<see cref="SharedFor"/>). System.Threading.RateLimiting refills the bucket on its own timer
/// (it has no TimeProvider hook), so this is the one part of the client that runs on real time.
/// </summary>
public sealed class IamRateLimiter : IDisposable
{
    private static readonly ConcurrentDictionary<string, IamRateLimiter> Shared = new();

    private readonly TokenBucketRateLimiter _bucket;

    public IamRateLimiter(double requestsPerSecond, int burst)
    {
        if (!(requestsPerSecond > 0) || double.IsInfinity(requestsPerSecond))
            throw new ArgumentOutOfRangeException(nameof(requestsPerSecond), requestsPerSecond, "Requests per second must be a positive number.");
        if (burst < 1)
            throw new ArgumentOutOfRangeException(nameof(burst), burst, "Burst must be at least 1.");

        // Refill in small steps (about ten a second) so the rate is smooth rather than bursty each second.
        var tokensPerPeriod = Math.Clamp((int)Math.Round(requestsPerSecond / 10), 1, burst);
        var period = TimeSpan.FromSeconds(tokensPerPeriod / requestsPerSecond);
        RequestsPerSecond = requestsPerSecond;
        Burst = burst;
        _bucket = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = period,
            AutoReplenishment = true,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    public double RequestsPerSecond { get; }
    public int Burst { get; }

    /// <summary>Tokens available right now (for diagnostics and tests).</summary>
    public long AvailableTokens => _bucket.GetStatistics()?.CurrentAvailablePermits ?? 0;

    /// <summary>
    /// The process-wide limiter for an endpoint. The first caller's rate and burst win; later
    /// callers share that bucket whatever they ask for, because two buckets would double the rate.
    /// </summary>
    public static IamRateLimiter SharedFor(Uri endpoint, double requestsPerSecond, int burst) =>
        Shared.GetOrAdd(endpoint.GetLeftPart(UriPartial.Authority).ToLowerInvariant(),
            static (_, args) => new IamRateLimiter(args.requestsPerSecond, args.burst), (requestsPerSecond, burst));

    /// <summary>Waits for one token; every HTTP attempt, including retries, takes one.</summary>
    public async ValueTask AcquireAsync(CancellationToken cancellationToken)
    {
        using var lease = await _bucket.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        if (!lease.IsAcquired)
            throw new InvalidOperationException("The IAM rate limiter refused a request: its queue is full.");
    }

    public void Dispose() => _bucket.Dispose();
}
