namespace IamOperator.Reconciliation.Desired;

/// <summary>A role: canonical trust policy, description, session length, permissions, boundary, instance profile.</summary>
public sealed record DesiredRole(
    EntityIdentity Identity,
    IReadOnlyDictionary<string, string> Tags,
    string TrustPolicy,
    string Description,
    int MaxSessionDurationSeconds,
    IReadOnlyList<string> ManagedPolicyArns,
    IReadOnlyDictionary<string, string> InlinePolicies,
    string? PermissionsBoundaryArn,
    bool InstanceProfile) : DesiredEntity(Identity)
{
    /// <summary>IAM's default when MaxSessionDuration is not given.</summary>
    public const int DefaultMaxSessionDurationSeconds = 3600;
}
