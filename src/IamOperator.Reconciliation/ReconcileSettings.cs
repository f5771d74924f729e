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

    /// <summary>First requeue delay while waiting for a dependency; grows with the time already waited.</summary>
    public TimeSpan DependencyRequeueBase { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest requeue delay while waiting for a dependency or after a transient IAM error.</summary>
    public TimeSpan RequeueMax { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>First requeue delay after a transient IAM error (throttling, service failure).</summary>
    public TimeSpan ErrorRequeueBase { get; init; } = TimeSpan.FromSeconds(10);
}
