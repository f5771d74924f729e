namespace IamOperator.Resources;

/// <summary>
/// Machine-readable reasons of the Ready / Reconciling / Stalled conditions. The runbook
/// (docs/runbook.md) lists each with what it means and what to do; keep the two in step.
/// </summary>
public static class ConditionReasons
{
    // Ready=True
    public const string Reconciled = "Reconciled";

    // Reconciling=True (work in progress; Ready=False with the same reason)
    public const string Creating = "Creating";
    public const string Updating = "Updating";
    public const string Deleting = "Deleting";
    /// <summary>
    /// A referenced IamGroup / IamPolicy (or an IAM group or policy named by name or ARN) does not exist in IAM yet;
    /// the dependency's own change wakes the resource. After the dependency timeout it is <see cref="DependencyNotFound"/>.
    /// </summary>
    public const string WaitingForDependency = "WaitingForDependency";
    /// <summary>A transient IAM error (throttling, service failure, eventual consistency); retried with backoff.</summary>
    public const string RetryingAfterError = "RetryingAfterError";

    // Stalled=True (needs a person; Ready=False with the same reason)
    /// <summary>The spec breaks a guardrail (e.g. Allow * on *, a denied managed policy); no IAM write was made.</summary>
    public const string GuardrailViolation = "GuardrailViolation";
    /// <summary>The spec is invalid (name, path, policy grammar, size); no IAM write was made.</summary>
    public const string InvalidSpec = "InvalidSpec";
    /// <summary>The IAM entity belongs to another resource or cluster.</summary>
    public const string OwnershipConflict = "OwnershipConflict";
    /// <summary>The IAM entity exists and adoptionPolicy is Refuse.</summary>
    public const string AlreadyExists = "AlreadyExists";
    /// <summary>IAM refused the request for a reason retrying cannot fix (MalformedPolicyDocument, InvalidInput, PolicyNotAttachable, UnmodifiableEntity).</summary>
    public const string IamRejected = "IamRejected";
    public const string LimitExceeded = "LimitExceeded";
    /// <summary>
    /// A dependency stayed missing (not declared, not Ready, or absent in IAM) for longer than the dependency timeout;
    /// the resource returns to Ready by itself when the dependency appears.
    /// </summary>
    public const string DependencyNotFound = "DependencyNotFound";
    public const string AccessDenied = "AccessDenied";

    // Credentials of users (spec.accessKey, spec.consoleAccess); Stalled=True, Ready=False
    /// <summary>
    /// A new access key did not prove to work (sts:GetCallerIdentity with it failed or answered another identity): the
    /// new key was deleted, the Secret keeps the old key, and the controller tries again with backoff.
    /// </summary>
    public const string AccessKeyVerificationFailed = "AccessKeyVerificationFailed";
    /// <summary>A rotation needs IAM's second key slot, and a key the operator did not create holds it (or the Secret's key was deactivated while both slots are taken).</summary>
    public const string AccessKeyRotationBlocked = "AccessKeyRotationBlocked";
    /// <summary>The user has access keys the operator cannot tell are its own (no Secret holds them); none is deleted.</summary>
    public const string AccessKeyNotManaged = "AccessKeyNotManaged";
    /// <summary>The user has a console password the operator did not set or whose Secret is gone; it is never replaced unasked.</summary>
    public const string ConsoleAccessNotManaged = "ConsoleAccessNotManaged";
    /// <summary>A Secret of the wanted name exists and belongs to something else; it is never overwritten.</summary>
    public const string CredentialSecretConflict = "CredentialSecretConflict";
}
