using IamOperator.Reconciliation.Observed;

namespace IamOperator.Reconciliation.Access;

/// <summary>
/// One policy that applies to a principal, before AWS managed documents are read: <see cref="Via"/> says how a
/// person reads the path (<c>group DevOps → AdministratorAccess</c>, <c>inline policy s3-logs</c>);
/// <see cref="ManagedPolicyArn"/> is set for a managed policy, <see cref="Document"/> for an inline or customer
/// managed policy whose document the state knows (null for AWS managed ones and unknown customer managed ones), as
/// written, so that action patterns are shown as their authors spell them. Equality compares the document in
/// canonical form: a declaration and IAM's re-serialised copy of the same document are the same policy.
/// </summary>
public sealed record PolicyReference(string Via, string? ManagedPolicyArn, string? Document)
{
    // Computed, not stored: a field would be copied unchanged by a `with` that replaces Document.
    private string? Canonical => Document is null ? null : PolicyText.Canonical(Document);

    public bool Equals(PolicyReference? other) =>
        other is not null && Via == other.Via && ManagedPolicyArn == other.ManagedPolicyArn && Canonical == other.Canonical;

    public override int GetHashCode() => HashCode.Combine(Via, ManagedPolicyArn, Canonical);

    /// <summary>AWS managed policies live in account <c>aws</c> (arn:PARTITION:iam::aws:policy/...).</summary>
    public bool IsAwsManaged => ManagedPolicyArn is { } arn && arn.Split(':') is [_, _, _, _, "aws", ..];
}
