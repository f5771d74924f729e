using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;

namespace IamOperator.Iam.Tests;

/// <summary>
/// The shared client-side token bucket on a fake clock: no wait before IAM throttles (unless a ceiling
/// is set), the found rate afterwards, requests served in order, shared per endpoint.
/// </summary>
public class RateLimiterTests
{
    private static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero));

    /// <summary>Acquires a token for each request at once and records when, on the fake clock, each one got it.</summary>
    private static async Task<List<TimeSpan>> AcquireAllAsync(IamRateLimiter limiter, FakeTimeProvider time, int requests, TimeSpan step)
    {
        var start = time.GetUtcNow();
        var granted = new List<TimeSpan>();
        var all = Task.WhenAll(Enumerable.Range(0, requests).Select(async _ =>
        {
            await limiter.AcquireAsync(CancellationToken.None);
            lock (granted) granted.Add(time.GetUtcNow() - start);
        }));
        await time.RunClockUntil(all, step);
        return [.. granted.Order()];
    }

    /// <summary>Feeds the limiter steady answers at <paramref name="rate"/> for a while, then one Throttling.</summary>
    private static void ThrottleAfterSending(IamRateLimiter limiter, FakeTimeProvider time, double rate, TimeSpan duration)
    {
        for (var sent = TimeSpan.Zero; sent < duration; sent += TimeSpan.FromSeconds(1 / rate))
        {
            limiter.OnResponse(throttled: false);
            time.Advance(TimeSpan.FromSeconds(1 / rate));
        }
        limiter.OnResponse(throttled: true);
    }

    [Fact]
    public void Without_a_ceiling_no_request_waits_until_IAM_throttles()
    {
        var limiter = new IamRateLimiter(timeProvider: Clock());

        for (var i = 0; i < 1000; i++)
            Assert.True(limiter.AcquireAsync(CancellationToken.None).IsCompletedSuccessfully);
        Assert.Null(limiter.RequestsPerSecond);
    }

    [Fact]
    public async Task A_ceiling_serves_its_burst_at_once_and_the_next_request_waits_for_a_refill_on_the_clock()
    {
        var time = Clock();
        var limiter = new IamRateLimiter(maxRequestsPerSecond: 5, burst: 5, timeProvider: time);

        for (var i = 0; i < 5; i++)
            Assert.True(limiter.AcquireAsync(CancellationToken.None).IsCompletedSuccessfully);
        var sixth = limiter.AcquireAsync(CancellationToken.None).AsTask();
        // The limiter waits on the fake clock only: nothing can grant the sixth until the clock moves.
        Assert.False(sixth.IsCompleted);

        time.Advance(TimeSpan.FromMilliseconds(200));
        await sixth.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task After_a_throttle_queued_requests_go_out_at_the_reduced_rate_not_at_once()
    {
        var time = Clock();
        var limiter = new IamRateLimiter(timeProvider: time);
        ThrottleAfterSending(limiter, time, rate: 20, TimeSpan.FromSeconds(10));
        var rate = limiter.RequestsPerSecond!.Value;
        Assert.InRange(rate, 13, 15); // 0.7 of 20/s

        var granted = await AcquireAllAsync(limiter, time, requests: 42, TimeSpan.FromMilliseconds(10));

        // The bucket starts empty (IAM just said too much was sent), so 42 requests need about 3 s at 14/s.
        Assert.InRange(granted[^1], TimeSpan.FromSeconds(41 / rate), TimeSpan.FromSeconds((42 / rate) + 0.1));
        for (var second = 0; second < 3; second++)
        {
            Assert.True(granted.Count(g => g >= TimeSpan.FromSeconds(second) && g < TimeSpan.FromSeconds(second + 1)) <= Math.Ceiling(rate) + 1,
                $"more than {rate:0.0} requests in second {second}: {string.Join(", ", granted)}");
        }
    }

    [Fact]
    public void The_rate_never_exceeds_the_ceiling_however_well_IAM_answers()
    {
        var time = Clock();
        var limiter = new IamRateLimiter(maxRequestsPerSecond: 8, timeProvider: time);
        ThrottleAfterSending(limiter, time, rate: 8, TimeSpan.FromSeconds(5));

        for (var i = 0; i < 2000; i++)
        {
            limiter.OnResponse(throttled: false);
            time.Advance(TimeSpan.FromMilliseconds(125));
            Assert.InRange(limiter.RequestsPerSecond!.Value, IamRateController.MinimumRate, 8);
        }
        Assert.Equal(8, limiter.RequestsPerSecond!.Value, precision: 6);
    }

    [Fact]
    public async Task A_waiting_request_can_be_cancelled()
    {
        var time = Clock();
        var limiter = new IamRateLimiter(maxRequestsPerSecond: 0.1, burst: 1, timeProvider: time);
        await limiter.AcquireAsync(CancellationToken.None);
        using var cancellation = new CancellationTokenSource();

        var waiting = limiter.AcquireAsync(cancellation.Token).AsTask();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public void Clients_of_one_endpoint_share_one_bucket_whatever_ceiling_they_ask_for()
    {
        var first = IamRateLimiter.SharedFor(new Uri("https://iam.example.test/"), 10, 20);
        var second = IamRateLimiter.SharedFor(new Uri("https://IAM.example.test"), 50, 100);
        var other = IamRateLimiter.SharedFor(new Uri("https://iam.other.test/"), 10, 20);

        Assert.Same(first, second);
        Assert.Equal(10, second.MaxRequestsPerSecond);
        Assert.NotSame(first, other);
    }

    [Fact]
    public async Task Every_request_of_the_client_takes_a_token_and_every_answer_feeds_the_rate()
    {
        var time = Clock();
        var limiter = new IamRateLimiter(timeProvider: time);
        var handler = FakeIamHandler.Answering(
            () => FakeIamHandler.Error("Throttling", "Rate exceeded", HttpStatusCode.BadRequest),
            () => FakeIamHandler.Empty("DeleteUser"));
        using var client = TestClients.Over(handler, time, limiter: limiter);
        await time.RunClockUntil(client.DeleteUserAsync("first", CancellationToken.None), TimeSpan.FromMilliseconds(50));
        var rate = limiter.RequestsPerSecond;
        Assert.NotNull(rate); // the Throttling answer switched the limiter on

        var start = time.GetUtcNow();
        await time.RunClockUntil(Task.WhenAll(Enumerable.Range(0, 5).Select(i => client.DeleteUserAsync($"u{i}", CancellationToken.None))),
            TimeSpan.FromMilliseconds(50));

        Assert.Equal(7, handler.Requests.Count);
        // Just after the throttle the rate is near the floor (0.5/s, at most twice the measured rate as answers
        // come in), so five requests cannot all go out at once: they are spread over more than a second.
        Assert.True(time.GetUtcNow() - start >= TimeSpan.FromSeconds(1), $"5 requests starting at {rate:0.0}/s went out within {time.GetUtcNow() - start}");
    }

    [Fact]
    public async Task The_rate_limit_gauge_shows_the_rate_found_after_IAM_throttles_and_nothing_before()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meterFactory = services.GetRequiredService<IMeterFactory>();
        using var gauge = new MetricCollector<double>(meterFactory, IamTelemetry.MeterName, IamTelemetry.RateLimitGauge);
        var time = Clock();
        var limiter = new IamRateLimiter(timeProvider: time);
        var handler = FakeIamHandler.Answering(
            () => FakeIamHandler.Empty("DeleteUser"),
            () => FakeIamHandler.Error("Throttling", "Rate exceeded", HttpStatusCode.BadRequest),
            () => FakeIamHandler.Empty("DeleteUser"));
        using var client = TestClients.Over(handler, time, limiter: limiter, meterFactory: meterFactory);

        await client.DeleteUserAsync("before", CancellationToken.None);
        gauge.RecordObservableInstruments();
        Assert.Empty(gauge.GetMeasurementSnapshot()); // nothing limits the client yet: no made-up number

        await time.RunClockUntil(client.DeleteUserAsync("throttled", CancellationToken.None), TimeSpan.FromMilliseconds(50));
        gauge.RecordObservableInstruments();

        var rate = Assert.Single(gauge.GetMeasurementSnapshot());
        Assert.Equal(limiter.RequestsPerSecond, rate.Value);
        Assert.Equal("iam.amazonaws.com", rate.Tags["server.address"]);
        Assert.Equal("{request}/s", gauge.Instrument!.Unit);
    }

    [Fact]
    public void Invalid_rate_settings_are_rejected_with_the_setting_named()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new IamRateLimiter(0, 5));
        Assert.Equal("maxRequestsPerSecond", error.ParamName);
        error = Assert.Throws<ArgumentOutOfRangeException>(() => new IamRateLimiter(5, 0));
        Assert.Equal("burst", error.ParamName);
    }
}
