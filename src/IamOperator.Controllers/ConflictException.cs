namespace IamOperator.Controllers;

/// <summary>409 Conflict: the write carried a stale resourceVersion. Re-read the object and retry.</summary>
public sealed class ConflictException(string message, Exception? innerException = null)
    : KubernetesApiException(409, "Conflict", message, innerException);
