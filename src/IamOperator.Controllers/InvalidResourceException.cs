namespace IamOperator.Controllers;

/// <summary>422 Invalid: the apiserver rejected the object; the message names the field and what is allowed.</summary>
public sealed class InvalidResourceException(string message, Exception? innerException = null)
    : KubernetesApiException(422, "Invalid", message, innerException);
