namespace IamOperator.Iam;

/// <summary>
/// Which IAM failures are worth another attempt: throttling, service failures and any 5xx,
/// network failures, and ConcurrentModification. Everything else (MalformedPolicyDocument,
/// InvalidInput, AccessDenied, NoSuchEntity, …) would fail the same way again.
/// </summary>
public static class IamRetryPolicy
{
    public static bool IsRetryable(IamApiException failure) =>
        failure.ErrorCode is IamErrorCode.Throttling or IamErrorCode.ServiceFailure
            or IamErrorCode.ConcurrentModification or IamErrorCode.NetworkFailure
        || failure.HttpStatus >= 500;
}
