namespace IamOperator.Controllers;

/// <summary>403 Forbidden: RBAC does not grant the operator this verb on this resource.</summary>
public sealed class ForbiddenException(string message, Exception? innerException = null)
    : KubernetesApiException(403, "Forbidden", message, innerException);
