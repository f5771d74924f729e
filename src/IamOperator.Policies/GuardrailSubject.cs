namespace IamOperator.Policies;

/// <summary>
/// What the guardrails judge about one declared entity: plain values, no Kubernetes types.
/// <see cref="PermissionDocuments"/> are the inline policies of a user, group or role, or the document
/// of a managed policy (<see cref="IamEntityKind.Policy"/>); <see cref="TrustDocument"/> is a role's trust policy.
/// </summary>
public sealed record GuardrailSubject(
    string Namespace,
    IamEntityKind Kind,
    string IamName,
    IReadOnlyList<(string FieldPath, string PolicyArn)> ManagedPolicyArns,
    IReadOnlyList<(string FieldPath, PolicyDocument Document)> PermissionDocuments,
    (string FieldPath, PolicyDocument Document)? TrustDocument,
    string? PermissionsBoundaryArn)
{
    /// <summary>Manifest path reported for name findings.</summary>
    public string NameFieldPath { get; init; } = "spec.iamName";

    /// <summary>Manifest path reported for permissions boundary findings.</summary>
    public string PermissionsBoundaryFieldPath { get; init; } = "spec.permissionsBoundary";
}
