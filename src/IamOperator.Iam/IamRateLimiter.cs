using System.Collections.Concurrent;

namespace IamOperator.Iam;

/// <summary>
/// The client-side token bucket in front of IAM, filled at the rate <see cref="IamRateController"/>
/// finds from IAM's answers. IAM throttles per account, not per caller, so every client of one
/// endpoint in the process must draw from the same bucket and feed the same controller
/// (<see cref="SharedFor"/>). Every time reading and every wait is on the given TimeProvider.
/// </summary>
public sealed class IamRateLimiter
{
    private static readonly ConcurrentDictionary<string, IamRateLimiter> Shared = new();

    private readonly object gate = new();
    // One waiter at a time sleeps for the next token; the others queue behind it in order, so a cut
    // of the rate applies to every queued request at once and no request overtakes another.
    private readonly SemaphoreSlim turn = new(1, 1);
    private readonly TimeProvider time;
    private readonly IamRateController controller;
    private double tokens;
    private long lastRefill;

    /// <param name="maxRequestsPerSecond">Ceiling of the rate; null lets the controller find it alone.</param>
    /// <param name="burst">Most requests that may go out at once; null is one second of the current rate.</param>
    public IamRateLimiter(double? maxRequestsPerSecond = null, int? burst = null, TimeProvider? timeProvider = null)
    {
        if (maxRequestsPerSecond is { } rate && (!(rate > 0) || double.IsInfinity(rate)))
            throw new ArgumentOutOfRangeException(nameof(maxRequestsPerSecond), maxRequestsPerSecond, "Requests per second must be a positive number.");
        if (burst < 1)
            throw new ArgumentOutOfRangeException(nameof(burst), burst, "Burst must be at least 1.");
        time = timeProvider ?? TimeProvider.System;
        Burst = burst;
        lastRefill = time.GetTimestamp();
        controller = new IamRateController(maxRequestsPerSecond, Seconds(lastRefill));
        tokens = Capacity(controller.Rate);
    }

    public double? MaxRequestsPerSecond => controller.Ceiling;
    public int? Burst { get; }

    /// <summary>Requests per second allowed now; null while nothing limits the client (IAM never throttled and no ceiling).</summary>
    public double? RequestsPerSecond
    {
        get { lock (gate) return controller.Rate; }
    }

    /// <summary>Smoothed rate of IAM's answers, in responses per second.</summary>
    public double MeasuredRequestsPerSecond
    {
        get { lock (gate) return controller.MeasuredRate; }
    }

    /// <summary>Tokens available right now (for diagnostics and tests).</summary>
    public double AvailableTokens
    {
        get { lock (gate) { Refill(); return tokens; } }
    }

    /// <summary>
    /// The process-wide limiter for an endpoint. The first caller's ceiling, burst and clock win; later
    /// callers share that bucket whatever they ask for, because two buckets would double the rate.
    /// </summary>
    public static IamRateLimiter SharedFor(Uri endpoint, double? maxRequestsPerSecond, int? burst, TimeProvider? timeProvider = null) =>
        Shared.GetOrAdd(endpoint.GetLeftPart(UriPartial.Authority).ToLowerInvariant(),
            static (_, args) => new IamRateLimiter(args.maxRequestsPerSecond, args.burst, args.timeProvider), (maxRequestsPerSecond, burst, timeProvider));

    /// <summary>Waits for one token; every HTTP attempt, including retries, takes one. Waiting is cancellable.</summary>
    public async ValueTask AcquireAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (TryTake(onlyWhenNobodyQueues: true, out _))
            return;
        await turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (!TryTake(onlyWhenNobodyQueues: false, out var wait))
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            turn.Release();
        }
    }

    /// <summary>Feeds one IAM answer to the rate controller: Throttling cuts the rate, any other answer lets it climb.</summary>
    public void OnResponse(bool throttled)
    {
        lock (gate)
        {
            Refill(); // tokens earned so far were earned at the old rate
            var wasLimited = controller.Rate is not null;
            controller.OnResponse(throttled, Seconds(time.GetTimestamp()));
            // A client that was unlimited until now starts from an empty bucket: IAM just said it sent too much.
            tokens = wasLimited ? Math.Min(tokens, Capacity(controller.Rate)) : 0;
        }
    }

    private bool TryTake(bool onlyWhenNobodyQueues, out TimeSpan wait)
    {
        lock (gate)
        {
            wait = TimeSpan.Zero;
            if (controller.Rate is not { } rate)
                return true;
            if (onlyWhenNobodyQueues && turn.CurrentCount == 0)
                return false; // join the queue rather than overtake it
            Refill();
            if (tokens >= 1)
            {
                tokens -= 1;
                return true;
            }
            wait = TimeSpan.FromSeconds(Math.Max((1 - tokens) / rate, 0.001));
            return false;
        }
    }

    private void Refill()
    {
        var now = time.GetTimestamp();
        if (controller.Rate is { } rate)
            tokens = Math.Min(Capacity(rate), tokens + (time.GetElapsedTime(lastRefill, now).TotalSeconds * rate));
        lastRefill = now;
    }

    private double Capacity(double? rate) => rate is { } r ? Math.Max(1, Math.Min(r, Burst ?? r)) : 0;

    private double Seconds(long timestamp) => (double)timestamp / time.TimestampFrequency;
}
