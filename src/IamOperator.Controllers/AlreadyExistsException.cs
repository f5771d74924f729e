namespace IamOperator.Controllers;

/// <summary>409 AlreadyExists: a create named an object that exists.</summary>
public sealed class AlreadyExistsException(string message, Exception? innerException = null)
    : KubernetesApiException(409, StatusReason, message, innerException)
{
    public const string StatusReason = "AlreadyExists";
}
