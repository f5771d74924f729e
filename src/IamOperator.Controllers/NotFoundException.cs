namespace IamOperator.Controllers;

/// <summary>404 NotFound: the object (or the resource type, when its CRD is missing) does not exist.</summary>
public sealed class NotFoundException(string message, Exception? innerException = null)
    : KubernetesApiException(404, "NotFound", message, innerException);
