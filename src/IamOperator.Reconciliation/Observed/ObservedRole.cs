namespace IamOperator.Reconciliation.Observed;

/// <summary>A role as IAM holds it, with the instance profiles it is in.</summary>
public sealed record ObservedRole(
    string Name, string Path, string Arn, string Id, string? Owner,
    IReadOnlyDictionary<string, string> Tags,
    string TrustPolicy,
    string Description,
    int MaxSessionDurationSeconds,
    IReadOnlyList<string> ManagedPolicyArns,
    IReadOnlyDictionary<string, string> InlinePolicies,
    string? PermissionsBoundaryArn,
    IReadOnlyList<ObservedInstanceProfile> InstanceProfiles) : ObservedEntity(Name, Path, Arn, Id, Owner);
