namespace IamOperator.Iam;

/// <summary>The IAM error codes the operator reacts to; anything else is <see cref="Unknown"/>.</summary>
public enum IamErrorCode
{
    Unknown,
    EntityAlreadyExists,
    NoSuchEntity,
    DeleteConflict,
    LimitExceeded,
    MalformedPolicyDocument,
    InvalidInput,
    ConcurrentModification,
    Throttling,
    AccessDenied,
    ServiceFailure,
    UnmodifiableEntity,
    PolicyNotAttachable,
    /// <summary>Signature, credential or token problems (InvalidClientTokenId, SignatureDoesNotMatch, …).</summary>
    AuthFailure,
    /// <summary>No answer from IAM (connection refused, reset, timed out).</summary>
    NetworkFailure,
    /// <summary>A console password IAM refused because it breaks the account password policy.</summary>
    PasswordPolicyViolation,
}

/// <summary>
/// An IAM call that failed for good. Carries IAM's code (parsed and raw), message and request id.
/// Messages never contain secrets: the client scrubs them before constructing this.
/// </summary>
public sealed class IamApiException(
    IamErrorCode errorCode, string code, string message, string? requestId, int httpStatus, string action, Exception? inner = null)
    : Exception($"IAM {action} failed: {code}: {message}" + (requestId is null ? "" : $" (request id {requestId})"), inner)
{
    public IamErrorCode ErrorCode { get; } = errorCode;
    /// <summary>IAM's code as sent, e.g. "EntityAlreadyExists" or an unknown one.</summary>
    public string Code { get; } = code;
    public string IamMessage { get; } = message;
    public string? RequestId { get; } = requestId;
    public int HttpStatus { get; } = httpStatus;
    public string Action { get; } = action;

    /// <summary>The code of an <see cref="IamErrorCode.AuthFailure"/> raised before any request left: the AWS SDK credential chain found no credentials.</summary>
    public const string NoCredentialsCode = "NoCredentials";

    public static IamErrorCode Parse(string code) => code switch
    {
        "EntityAlreadyExists" => IamErrorCode.EntityAlreadyExists,
        "NoSuchEntity" => IamErrorCode.NoSuchEntity,
        "DeleteConflict" => IamErrorCode.DeleteConflict,
        "LimitExceeded" => IamErrorCode.LimitExceeded,
        "MalformedPolicyDocument" => IamErrorCode.MalformedPolicyDocument,
        "InvalidInput" or "ValidationError" => IamErrorCode.InvalidInput,
        "ConcurrentModification" => IamErrorCode.ConcurrentModification,
        "Throttling" or "ThrottlingException" or "RequestLimitExceeded" => IamErrorCode.Throttling,
        "AccessDenied" or "AccessDeniedException" => IamErrorCode.AccessDenied,
        "ServiceFailure" or "InternalFailure" or "ServiceUnavailable" => IamErrorCode.ServiceFailure,
        "UnmodifiableEntity" => IamErrorCode.UnmodifiableEntity,
        "PolicyNotAttachable" => IamErrorCode.PolicyNotAttachable,
        "PasswordPolicyViolation" => IamErrorCode.PasswordPolicyViolation,
        "InvalidClientTokenId" or "SignatureDoesNotMatch" or "IncompleteSignature" or "MissingAuthenticationToken"
            or "ExpiredToken" or "InvalidSignatureException" or "RequestExpired" => IamErrorCode.AuthFailure,
        _ => IamErrorCode.Unknown,
    };
}
