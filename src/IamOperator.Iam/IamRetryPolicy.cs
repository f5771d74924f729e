namespace IamOperator.Iam;

/// <summary>
/// Which IAM failures are worth another attempt, and for how long. Throttling, service failures and
/// any 5xx, network failures, and ConcurrentModification are retried; everything else
/// (MalformedPolicyDocument, InvalidInput, AccessDenied, NoSuchEntity, …) would fail the same way again.
/// </summary>
/// <remarks>
/// Throttling is not a failure of the call but the account's shared budget running low: the shared
/// <see cref="IamRateLimiter"/> lowers the rate on it, and a throttled call waits (retries paced by that
/// limiter, after a jittered backoff) until IAM serves it, bounded by time
/// (<see cref="IamClientOptions.MaxThrottledWait"/>) and the caller's token, not by a count of attempts.
/// So a burst never turns into resource errors while the budget recovers, and the queued retries go out
/// at the reduced rate instead of all at once.
/// </remarks>
public static class IamRetryPolicy
{
    public static bool IsRetryable(IamApiException failure) =>
        failure.ErrorCode is IamErrorCode.Throttling or IamErrorCode.ServiceFailure
            or IamErrorCode.ConcurrentModification or IamErrorCode.NetworkFailure
        || failure.HttpStatus >= 500;

    /// <summary>Whether another attempt follows this failure.</summary>
    /// <param name="unthrottledAttempts">Attempts of this call so far that IAM did not answer with Throttling.</param>
    /// <param name="elapsed">Time since the call started, waits and attempts included.</param>
    public static bool ShouldRetry(IamApiException failure, int unthrottledAttempts, TimeSpan elapsed, IamClientOptions options) =>
        failure.ErrorCode == IamErrorCode.Throttling
            ? elapsed < options.MaxThrottledWait
            : IsRetryable(failure) && unthrottledAttempts < options.MaxAttempts;
}
