namespace IamOperator.Controllers;

/// <summary>
/// An error answer of the Kubernetes API: the HTTP status code, the <c>Status.reason</c> (e.g. <c>Conflict</c>,
/// <c>Invalid</c>) and the apiserver's message. Specific codes have their own subtypes.
/// </summary>
public class KubernetesApiException : Exception
{
    public KubernetesApiException(int statusCode, string reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        Reason = reason;
    }

    /// <summary>HTTP status code, e.g. 409.</summary>
    public int StatusCode { get; }

    /// <summary>The machine-readable <c>Status.reason</c>, e.g. <c>AlreadyExists</c>; empty when the server gave none.</summary>
    public string Reason { get; }

    /// <summary>The typed exception for an apiserver error answer.</summary>
    public static KubernetesApiException FromStatus(int statusCode, string? reason, string? message, Exception? innerException = null)
    {
        var text = string.IsNullOrWhiteSpace(message) ? $"Kubernetes API answered {statusCode} {reason}".TrimEnd() : message;
        return statusCode switch
        {
            404 => new NotFoundException(text, innerException),
            409 when reason == AlreadyExistsException.StatusReason => new AlreadyExistsException(text, innerException),
            409 => new ConflictException(text, innerException),
            410 => new ResourceVersionExpiredException(text, innerException),
            403 => new ForbiddenException(text, innerException),
            422 => new InvalidResourceException(text, innerException),
            _ => new KubernetesApiException(statusCode, reason ?? "", text, innerException),
        };
    }
}
