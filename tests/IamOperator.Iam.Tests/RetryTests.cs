using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace IamOperator.Iam.Tests;

/// <summary>
/// Retries with exponential backoff and jitter on a fake clock: only throttling, service
/// failures, 5xx, network failures and ConcurrentModification are retried; attempts are bounded,
/// throttled ones by time rather than count; throttled retries are paced by the shared limiter;
/// cancellation stops the wait.
/// </summary>
public class RetryTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(50);

    private static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero));

    private static Func<HttpResponseMessage> Error(string code, HttpStatusCode status) => () => FakeIamHandler.Error(code, "try again", status);

    private static HttpResponseMessage Deleted() => FakeIamHandler.Empty("DeleteUser");

    public static TheoryData<string, HttpStatusCode> RetryableFailures => new()
    {
        { "Throttling", HttpStatusCode.BadRequest },
        { "ServiceFailure", HttpStatusCode.InternalServerError },
        { "ConcurrentModification", HttpStatusCode.Conflict },
        { "ServiceUnavailable", HttpStatusCode.ServiceUnavailable },
        { "SomeNewServerError", HttpStatusCode.BadGateway },
    };

    [Theory]
    [MemberData(nameof(RetryableFailures))]
    public async Task Retryable_failures_are_retried_until_IAM_succeeds(string code, HttpStatusCode status)
    {
        var time = Clock();
        var handler = FakeIamHandler.Answering(Error(code, status), Error(code, status), Deleted);
        using var client = TestClients.Over(handler, time);

        await time.RunClockUntil(client.DeleteUserAsync("alice", CancellationToken.None), Step);

        Assert.Equal(3, handler.Requests.Count);
    }

    [Theory]
    [InlineData("MalformedPolicyDocument", HttpStatusCode.BadRequest)]
    [InlineData("InvalidInput", HttpStatusCode.BadRequest)]
    [InlineData("AccessDenied", HttpStatusCode.Forbidden)]
    [InlineData("NoSuchEntity", HttpStatusCode.NotFound)]
    [InlineData("DeleteConflict", HttpStatusCode.Conflict)]
    [InlineData("EntityAlreadyExists", HttpStatusCode.Conflict)]
    [InlineData("LimitExceeded", HttpStatusCode.Conflict)]
    public async Task Non_retryable_failures_surface_after_one_attempt(string code, HttpStatusCode status)
    {
        var time = Clock();
        var handler = FakeIamHandler.Answering(Error(code, status), Deleted);
        using var client = TestClients.Over(handler, time);

        var failure = await Assert.ThrowsAsync<IamApiException>(() => time.RunClockUntil(client.DeleteUserAsync("alice", CancellationToken.None), Step));

        Assert.Equal(code, failure.Code);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Attempts_are_bounded_by_MaxAttempts_and_the_last_error_surfaces()
    {
        var time = Clock();
        var handler = FakeIamHandler.Answering(Error("ServiceFailure", HttpStatusCode.InternalServerError));
        using var client = TestClients.Over(handler, time, TestClients.Options(maxAttempts: 4));

        var failure = await Assert.ThrowsAsync<IamApiException>(() => time.RunClockUntil(client.DeleteUserAsync("alice", CancellationToken.None), Step));

        Assert.Equal(IamErrorCode.ServiceFailure, failure.ErrorCode);
        Assert.Equal(4, handler.Requests.Count);
    }

    [Fact]
    public async Task A_call_throttled_more_often_than_MaxAttempts_still_succeeds_once_IAM_serves_it()
    {
        var time = Clock();
        var throttled = Error("Throttling", HttpStatusCode.BadRequest);
        var handler = FakeIamHandler.Answering(throttled, throttled, throttled, throttled, throttled, throttled, Deleted);
        using var client = TestClients.Over(handler, time, TestClients.Options(maxAttempts: 2));

        await time.RunClockUntil(client.DeleteUserAsync("alice", CancellationToken.None), TimeSpan.FromMilliseconds(100));

        Assert.Equal(7, handler.Requests.Count);
    }

    [Fact]
    public async Task Throttling_surfaces_only_after_MaxThrottledWait_has_passed_on_the_clock()
    {
        var time = Clock();
        var handler = FakeIamHandler.Answering(Error("Throttling", HttpStatusCode.BadRequest));
        var options = TestClients.Options(maxAttempts: 2) with { MaxThrottledWait = TimeSpan.FromSeconds(30), MaxDelay = TimeSpan.FromSeconds(2) };
        using var client = TestClients.Over(handler, time, options);
        var start = time.GetUtcNow();

        var failure = await Assert.ThrowsAsync<IamApiException>(() => time.RunClockUntil(client.DeleteUserAsync("alice", CancellationToken.None), TimeSpan.FromMilliseconds(100)));

        Assert.Equal(IamErrorCode.Throttling, failure.ErrorCode);
        Assert.True(handler.Requests.Count > 2, $"only {handler.Requests.Count} attempts");
        Assert.InRange(time.GetUtcNow() - start, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(45));
    }

    [Fact]
    public async Task Retries_of_calls_throttled_together_go_out_at_the_limiters_reduced_rate_not_in_a_stampede()
    {
        const int calls = 20;
        var time = Clock();
        var sentAt = new List<DateTimeOffset>();
        var handler = new FakeIamHandler((_, index) =>
        {
            lock (sentAt) sentAt.Add(time.GetUtcNow());
            return index < calls ? FakeIamHandler.Error("Throttling", "Rate exceeded", HttpStatusCode.BadRequest) : Deleted();
        });
        var options = TestClients.Options() with { RequestsPerSecond = null, Burst = null, BaseDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(10) };
        using var client = TestClients.Over(handler, time, options);

        var all = Task.WhenAll(Enumerable.Range(0, calls).Select(i => client.DeleteUserAsync($"u{i}", CancellationToken.None)));
        await time.RunClockUntil(all, TimeSpan.FromMilliseconds(50));

        Assert.Equal(2 * calls, handler.Requests.Count);
        var throttledAt = sentAt[calls - 1];
        var retries = sentAt.Skip(calls).Select(t => t - throttledAt).ToList();
        // The bucket is empty after the throttle and refills at the reduced rate: no retry goes out at its 10 ms backoff,
        // and the twenty are spread out as the rate climbs back, not sent in one burst.
        Assert.True(retries.Min() >= TimeSpan.FromSeconds(1), $"retries went out at {string.Join(", ", retries)}");
        Assert.True(retries.Max() - retries.Min() >= TimeSpan.FromSeconds(2), $"retries went out at {string.Join(", ", retries)}");
    }

    [Fact]
    public async Task Network_failures_are_retried_and_then_reported_as_NetworkFailure()
    {
        var time = Clock();
        var handler = new FakeIamHandler((_, _) => throw new HttpRequestException("Connection refused (iam.amazonaws.com:443)"));
        using var client = TestClients.Over(handler, time, TestClients.Options(maxAttempts: 3));

        var failure = await Assert.ThrowsAsync<IamApiException>(() => time.RunClockUntil(client.ListUsersAsync(null, CancellationToken.None), Step));

        Assert.Equal(IamErrorCode.NetworkFailure, failure.ErrorCode);
        Assert.Equal(3, handler.Requests.Count);
        Assert.IsType<HttpRequestException>(failure.InnerException);
    }

    [Fact]
    public async Task An_attempt_without_an_answer_times_out_on_the_clock_and_is_retried()
    {
        var time = Clock();
        var handler = new FakeIamHandler(async (_, index, token) =>
        {
            if (index == 0)
                await Task.Delay(Timeout.Infinite, token); // IAM never answers the first attempt
            return Deleted();
        });
        var options = TestClients.Options() with { AttemptTimeout = TimeSpan.FromSeconds(5) };
        using var client = TestClients.Over(handler, time, options);

        await time.RunClockUntil(client.DeleteUserAsync("alice", CancellationToken.None), TimeSpan.FromSeconds(1));

        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task No_retry_happens_before_the_backoff_delay_has_passed_on_the_clock()
    {
        var time = Clock();
        var options = TestClients.Options() with { BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(1) };
        var handler = FakeIamHandler.Answering(Error("Throttling", HttpStatusCode.BadRequest), Deleted);
        using var client = TestClients.Over(handler, time, options);

        var start = time.GetUtcNow();
        var call = client.DeleteUserAsync("alice", CancellationToken.None);
        await WaitUntil(() => handler.Requests.Count == 1);

        // The clock moves only after each step has let the client run: a retry that did not wait for its (jittered)
        // backoff on the clock would end the call before the clock had moved at all.
        await time.RunClockUntil(call, TimeSpan.FromMilliseconds(250));
        Assert.Equal(2, handler.Requests.Count);
        Assert.True(time.GetUtcNow() > start, "the retry came before the clock moved");
    }

    [Fact]
    public async Task Backoff_delays_grow_and_never_exceed_MaxDelay()
    {
        var time = Clock();
        var options = TestClients.Options(maxAttempts: 7) with { BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(8) };
        var sentAt = new List<DateTimeOffset>();
        var handler = new FakeIamHandler((_, _) =>
        {
            lock (sentAt) sentAt.Add(time.GetUtcNow());
            return FakeIamHandler.Error("ServiceUnavailable", "try again", HttpStatusCode.ServiceUnavailable);
        });
        using var client = TestClients.Over(handler, time, options);

        await Assert.ThrowsAsync<IamApiException>(() => time.RunClockUntil(client.DeleteUserAsync("alice", CancellationToken.None), TimeSpan.FromMilliseconds(100)));

        var gaps = sentAt.Zip(sentAt.Skip(1), (a, b) => b - a).ToList();
        Assert.Equal(6, gaps.Count);
        Assert.All(gaps, gap => Assert.InRange(gap, TimeSpan.Zero, TimeSpan.FromSeconds(8) + TimeSpan.FromMilliseconds(100)));
        // Exponential growth: the later half of the waits is longer in total than the first half.
        Assert.True(gaps.Skip(3).Sum(g => g.TotalSeconds) > gaps.Take(3).Sum(g => g.TotalSeconds),
            $"backoff did not grow: {string.Join(", ", gaps)}");
    }

    [Fact]
    public async Task Cancellation_during_backoff_stops_retrying_at_once()
    {
        var time = Clock();
        var handler = FakeIamHandler.Answering(Error("Throttling", HttpStatusCode.BadRequest));
        using var client = TestClients.Over(handler, time);
        using var cancellation = new CancellationTokenSource();

        var call = client.DeleteUserAsync("alice", cancellation.Token);
        await WaitUntil(() => handler.Requests.Count == 1);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task ConcurrentModification_retry_then_success_returns_the_result()
    {
        var time = Clock();
        var handler = FakeIamHandler.Answering(Error("ConcurrentModification", HttpStatusCode.Conflict),
            () => FakeIamHandler.Result("ListUserPolicies", "<PolicyNames><member>a</member></PolicyNames><IsTruncated>false</IsTruncated>"));
        using var client = TestClients.Over(handler, time);

        var names = await time.RunClockUntil(client.ListInlinePolicyNamesAsync(IamPrincipal.User("alice"), CancellationToken.None), Step);

        Assert.Equal(["a"], names);
    }

    [Fact]
    public void Retry_classification_matches_IAM_guidance()
    {
        static IamApiException Failure(IamErrorCode code, int status) => new(code, code.ToString(), "", null, status, "X");

        Assert.True(IamRetryPolicy.IsRetryable(Failure(IamErrorCode.Throttling, 400)));
        Assert.True(IamRetryPolicy.IsRetryable(Failure(IamErrorCode.ServiceFailure, 500)));
        Assert.True(IamRetryPolicy.IsRetryable(Failure(IamErrorCode.ConcurrentModification, 409)));
        Assert.True(IamRetryPolicy.IsRetryable(Failure(IamErrorCode.NetworkFailure, 0)));
        Assert.True(IamRetryPolicy.IsRetryable(Failure(IamErrorCode.Unknown, 503)));
        Assert.False(IamRetryPolicy.IsRetryable(Failure(IamErrorCode.MalformedPolicyDocument, 400)));
        Assert.False(IamRetryPolicy.IsRetryable(Failure(IamErrorCode.InvalidInput, 400)));
        Assert.False(IamRetryPolicy.IsRetryable(Failure(IamErrorCode.AccessDenied, 403)));
    }

    internal static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
            await Task.Delay(10);
        Assert.True(condition(), "condition not reached within 5 s");
    }
}
