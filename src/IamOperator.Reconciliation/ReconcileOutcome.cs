using System.Text.Json.Serialization;
using IamOperator.Reconciliation.Planning;
using IamOperator.Resources;

namespace IamOperator.Reconciliation;

/// <summary>
/// What one reconcile (or deletion) decided and did: the plan, the IAM writes made, the kstatus
/// conditions, the status fields to record and when to look again. The controller's status writer
/// and the CLI both render this.
/// </summary>
public sealed record ReconcileOutcome
{
    public required ResourceKey Resource { get; init; }
    public Plan? Plan { get; init; }
    public int Writes { get; init; }
    public required IReadOnlyList<ConditionState> Conditions { get; init; }
    public string? IamName { get; init; }
    public string? Arn { get; init; }
    public string? IamId { get; init; }
    public string? InstanceProfileArn { get; init; }
    public string? DefaultVersionId { get; init; }
    /// <summary>status.accessKey of an IamUser (never the secret); meaningful when <see cref="CredentialsManaged"/>.</summary>
    public AccessKeyStatusInfo? AccessKey { get; init; }
    /// <summary>status.consoleAccess of an IamUser (never the password); meaningful when <see cref="CredentialsManaged"/>.</summary>
    public ConsoleAccessStatusInfo? ConsoleAccess { get; init; }
    /// <summary>True when this reconcile looked after the user's credentials; false leaves their status as it was.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool CredentialsManaged { get; init; }
    /// <summary>Plan lines about credentials, e.g. that none are created without a credential store.</summary>
    public IReadOnlyList<string> CredentialNotes { get; init; } = [];
    /// <summary>Planning only: applying would create, rotate or delete a credential of this user.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool CredentialChangesPending { get; init; }
    /// <summary>Guardrail warnings and user hygiene findings.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
    /// <summary>One line for status.lastPlan, e.g. "update: 2 writes: AttachGroupPolicy, PutGroupPolicy".</summary>
    public string? LastPlan { get; init; }
    /// <summary>
    /// When to look again although nothing changed: only a resource waiting for a dependency, at the moment its wait
    /// turns into DependencyNotFound. Failures are retried by the controller's queue (<see cref="IsRetryableFailure"/>).
    /// </summary>
    public TimeSpan? RequeueAfter { get; init; }
    /// <summary>Deletion only: true when the finalizer may be removed (deleted, retained, gone, or never ours).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool FinalizerRemovable { get; init; }

    [JsonIgnore] public bool IsReady => Find(ConditionTypes.Ready)?.IsTrue == true;
    [JsonIgnore] public bool IsStalled => Find(ConditionTypes.Stalled)?.IsTrue == true;
    /// <summary>The reason of the Ready condition (Reconciled when ready).</summary>
    [JsonIgnore] public string Reason => Find(ConditionTypes.Ready)?.Reason ?? ConditionReasons.Reconciled;
    /// <summary>
    /// An IAM failure that may pass without a new spec (transient errors, missing permissions, a quota): the controller
    /// retries it with its per-key backoff. Other Stalled outcomes wait for a new generation.
    /// Credential problems are retried too: what fixes them (a key deleted in IAM, a Secret removed) changes no generation.
    /// </summary>
    [JsonIgnore] public bool IsRetryableFailure => Reason is ConditionReasons.RetryingAfterError or ConditionReasons.AccessDenied or ConditionReasons.LimitExceeded
        or ConditionReasons.AccessKeyVerificationFailed or ConditionReasons.AccessKeyRotationBlocked or ConditionReasons.AccessKeyNotManaged
        or ConditionReasons.ConsoleAccessNotManaged or ConditionReasons.CredentialSecretConflict;
    [JsonIgnore] public string Message => Find(ConditionTypes.Ready)?.Message ?? "";

    public ConditionState? Find(string type)
    {
        foreach (var condition in Conditions)
            if (condition.Type == type) return condition;
        return null;
    }
}
