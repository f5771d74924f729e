namespace IamOperator.Reconciliation.Observed;

/// <summary>
/// What IAM says about the things a declaration refers to, read before planning so that a plan IAM
/// would refuse midway is refused before its first write.
/// </summary>
/// <param name="MissingAwsManagedPolicies">Declared AWS managed policy ARNs that IAM does not have (GetPolicy: NoSuchEntity).
/// Only AWS managed ones: a customer managed policy may still be created, so its absence is a dependency to wait for.</param>
/// <param name="AttachedPoliciesQuota">The account's quota of managed policies attached to one entity of this kind
/// (GetAccountSummary), or null when not read or not known.</param>
/// <param name="SameNameInstanceProfile">For a role not yet created that wants an instance profile: the profile of
/// its name that already exists, if any (its ownership decides whether the role may use it).</param>
public sealed record ObservedReferences(
    IReadOnlySet<string> MissingAwsManagedPolicies, int? AttachedPoliciesQuota, ObservedInstanceProfile? SameNameInstanceProfile = null)
{
    public static readonly ObservedReferences None = new(new HashSet<string>(), null);
}
