using IamOperator.Policies;

namespace IamOperator.Reconciliation;

/// <summary>The reconciler's settings, given by the host (never read from configuration here).</summary>
public sealed record ReconcileSettings
{
    /// <summary>
    /// Who owns what this process creates: a cluster id in the controller, a folder id in the CLI.
    /// Part of every owner tag (<c>&lt;OwnerId&gt;/&lt;namespace&gt;/&lt;name&gt;</c>).
    /// </summary>
    public required string OwnerId { get; init; }

    public GuardrailSettings Guardrails { get; init; } = GuardrailSettings.Default;

    /// <summary>Access keys older than this are reported when a user does not set accessKeyMaxAgeDays.</summary>
    public int DefaultAccessKeyMaxAgeDays { get; init; } = 90;

    /// <summary>How often a write that fails with DeleteConflict (IAM's eventual consistency) is retried.</summary>
    public int DeleteConflictRetries { get; init; } = 4;

    /// <summary>First delay before retrying DeleteConflict; doubles with each retry.</summary>
    public TimeSpan DeleteConflictBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a resource waits for a missing dependency (Reconciling, WaitingForDependency) before it is Stalled with
    /// DependencyNotFound, so that a misspelt reference does not show as progressing for ever. As a Deployment's
    /// default progressDeadlineSeconds: 10 minutes.
    /// </summary>
    public TimeSpan DependencyTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How often a new access key is tried with sts:GetCallerIdentity before it counts as not working: a key IAM has just
    /// created can take a few seconds to be accepted everywhere (IAM is eventually consistent).
    /// </summary>
    public int AccessKeyVerificationAttempts { get; init; } = 5;

    /// <summary>First wait between verification attempts; doubles each time (2 s, 4 s, 8 s, 16 s: half a minute in all).</summary>
    public TimeSpan AccessKeyVerificationDelay { get; init; } = TimeSpan.FromSeconds(2);
}
