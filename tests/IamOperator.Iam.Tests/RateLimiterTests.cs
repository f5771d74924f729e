using System.Diagnostics;

namespace IamOperator.Iam.Tests;

/// <summary>
/// The client-side token bucket: a burst first, then the configured rate, shared per endpoint.
/// System.Threading.RateLimiting refills on its own timer, so these tests use real time with
/// short refill periods and generous upper bounds.
/// </summary>
public class RateLimiterTests
{
    [Fact]
    public async Task A_burst_is_served_at_once_and_the_next_request_waits_for_a_refill()
    {
        using var limiter = new IamRateLimiter(requestsPerSecond: 5, burst: 5);

        for (var i = 0; i < 5; i++)
            Assert.True(limiter.AcquireAsync(CancellationToken.None).IsCompletedSuccessfully);
        var sixth = limiter.AcquireAsync(CancellationToken.None).AsTask();
        Assert.False(sixth.IsCompleted);

        await sixth.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Sustained_rate_does_not_exceed_requests_per_second()
    {
        using var limiter = new IamRateLimiter(requestsPerSecond: 20, burst: 1);
        await limiter.AcquireAsync(CancellationToken.None);

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 10; i++)
            await limiter.AcquireAsync(CancellationToken.None);

        // Ten more tokens at 20/s need about 500 ms; timer granularity allows a little less.
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_waiting_request_can_be_cancelled()
    {
        using var limiter = new IamRateLimiter(requestsPerSecond: 0.1, burst: 1);
        await limiter.AcquireAsync(CancellationToken.None);
        using var cancellation = new CancellationTokenSource();

        var waiting = limiter.AcquireAsync(cancellation.Token).AsTask();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public void Clients_of_one_endpoint_share_one_bucket_whatever_rate_they_ask_for()
    {
        var first = IamRateLimiter.SharedFor(new Uri("https://iam.example.test/"), 10, 20);
        var second = IamRateLimiter.SharedFor(new Uri("https://IAM.example.test"), 50, 100);
        var other = IamRateLimiter.SharedFor(new Uri("https://iam.other.test/"), 10, 20);

        Assert.Same(first, second);
        Assert.Equal(10, second.RequestsPerSecond);
        Assert.NotSame(first, other);
    }

    [Fact]
    public async Task Every_request_of_the_client_takes_a_token()
    {
        using var limiter = new IamRateLimiter(requestsPerSecond: 10, burst: 1);
        var handler = FakeIamHandler.Answering(() => FakeIamHandler.Empty("DeleteUser"));
        using var client = TestClients.Over(handler, limiter: limiter);

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 5).Select(i => client.DeleteUserAsync($"u{i}", CancellationToken.None)));

        Assert.Equal(5, handler.Requests.Count);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Invalid_rate_settings_are_rejected_with_the_setting_named()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new IamRateLimiter(0, 5));
        Assert.Equal("requestsPerSecond", error.ParamName);
        error = Assert.Throws<ArgumentOutOfRangeException>(() => new IamRateLimiter(5, 0));
        Assert.Equal("burst", error.ParamName);
    }
}
