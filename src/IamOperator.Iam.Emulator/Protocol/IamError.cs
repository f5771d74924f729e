namespace IamOperator.Iam.Emulator.Protocol;

/// <summary>
/// An error as IAM answers it. Codes and HTTP statuses from the IAM API reference
/// (https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html and each action's Errors section).
/// </summary>
internal sealed record IamError(string Code, string Message, int HttpStatus, string Type = "Sender")
{
    public static IamError NoSuchEntity(string message) => new("NoSuchEntity", message, 404);
    public static IamError EntityAlreadyExists(string message) => new("EntityAlreadyExists", message, 409);
    public static IamError DeleteConflict(string message) => new("DeleteConflict", message, 409);
    public static IamError LimitExceeded(string message) => new("LimitExceeded", message, 409);
    public static IamError MalformedPolicyDocument(string message) => new("MalformedPolicyDocument", message, 400);
    public static IamError InvalidInput(string message) => new("InvalidInput", message, 400);
    public static IamError UnmodifiableEntity(string message) => new("UnmodifiableEntity", message, 400);
    public static IamError PolicyNotAttachable(string message) => new("PolicyNotAttachable", message, 400);
    public static IamError MalformedCertificate(string message) => new("MalformedCertificate", message, 400);
    public static IamError DuplicateCertificate(string message) => new("DuplicateCertificate", message, 409);
    public static IamError InvalidPublicKey(string message) => new("InvalidPublicKey", message, 400);
    public static IamError UnrecognizedPublicKeyEncoding(string message) => new("UnrecognizedPublicKeyEncoding", message, 400);
    public static IamError DuplicateSshPublicKey(string message) => new("DuplicateSSHPublicKey", message, 400);
    public static IamError NotSupportedService(string message) => new("NotSupportedService", message, 404);
    public static IamError ServiceFailure() => new("ServiceFailure", "Request processing has failed due to some unknown error, exception or failure.", 500, "Receiver");
    /// <summary>SimulatePrincipalPolicy/SimulateCustomPolicy: a provided policy could not be evaluated (500 per their Errors section).</summary>
    public static IamError PolicyEvaluation(string message) => new("PolicyEvaluation", message, 500, "Receiver");
    public static IamError Throttling() => new("Throttling", "Rate exceeded", 400);

    /// <summary>A parameter that breaks its declared constraint, worded like IAM's request validation.</summary>
    public static IamError Validation(string field, string? value, string constraint) =>
        new("ValidationError", $"1 validation error detected: Value {(value is null ? "null" : $"'{value}'")} at '{field}' failed to satisfy constraint: {constraint}", 400);

    public IamErrorException ToException() => new(this);
}
