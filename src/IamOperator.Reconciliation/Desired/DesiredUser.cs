namespace IamOperator.Reconciliation.Desired;

/// <summary>A user: tags (owner tag included), group memberships by IAM name, permissions, boundary, hygiene rules.</summary>
public sealed record DesiredUser(
    EntityIdentity Identity,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyList<string> GroupNames,
    IReadOnlyList<string> ManagedPolicyArns,
    IReadOnlyDictionary<string, string> InlinePolicies,
    string? PermissionsBoundaryArn,
    int AccessKeyMaxAgeDays,
    bool RequireMfa) : DesiredEntity(Identity);
