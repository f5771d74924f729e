namespace IamOperator.Controllers;

/// <summary>410 Gone: the requested resourceVersion is older than the server retains. Re-list, then watch from the list's version.</summary>
public sealed class ResourceVersionExpiredException(string message, Exception? innerException = null)
    : KubernetesApiException(410, "Expired", message, innerException);
