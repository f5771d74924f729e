using IamOperator.Reconciliation.Credentials;
using IamOperator.Reconciliation.Observed;

namespace IamOperator.Reconciliation;

/// <summary>How far a reconcile goes: plan only (dry run, <c>iam-operator plan</c>) or plan and apply.</summary>
public sealed record ReconcileOptions(bool PlanOnly)
{
    /// <summary>
    /// One observation of the whole account to plan against instead of reading the entity (null: read it).
    /// An entity the snapshot shows in sync costs no call; one it shows absent is created without a read;
    /// one it shows different is read itself before any write, since the snapshot may be older than IAM.
    /// </summary>
    public AccountSnapshot? Snapshot { get; init; }

    /// <summary>
    /// Resources whose creation is refused before any write, with why (<see cref="Planning.AccountQuotas"/>: a
    /// whole folder's creations would cross an account quota). Applies only when the resource's plan creates it.
    /// </summary>
    public IReadOnlyDictionary<ResourceKey, Planning.PlanBlocker> RefusedCreations { get; init; } = new Dictionary<ResourceKey, Planning.PlanBlocker>();

    /// <summary>Read a managed policy by listing every path (after CreatePolicy met EntityAlreadyExists: the name exists elsewhere).</summary>
    internal bool PolicyOnAnyPath { get; init; }

    /// <summary>
    /// Where IamUser credentials (spec.accessKey, spec.consoleAccess) are kept: Kubernetes Secrets in a cluster, Secret
    /// manifest files in folder mode. Null: no credential is created, read or deleted, and the plan says so per user.
    /// </summary>
    public ICredentialSecretStore? CredentialSecrets { get; init; }

    public static ReconcileOptions Apply { get; } = new(false);
    public static ReconcileOptions Plan { get; } = new(true);
}
