namespace IamOperator.Reconciliation.Access;

/// <summary>
/// Every policy that applies to one principal in one state (<see cref="PolicyGathering.Gather"/>): its identity
/// policies (own, and a user's groups'), its permissions boundary, and the groups that could not be found.
/// Value equality: two gatherings are equal exactly when the principal's effective policies are the same, which is
/// how plan tells, without reading IAM, which principals' access changes.
/// </summary>
public sealed record GatheredPolicies(
    IReadOnlyList<PolicyReference> Identity,
    PolicyReference? Boundary,
    IReadOnlyList<string> MissingGroups)
{
    public static GatheredPolicies None { get; } = new([], null, []);

    /// <summary>The distinct AWS managed policy ARNs this gathering needs documents for.</summary>
    public IEnumerable<string> AwsManagedArns =>
        Identity.Append(Boundary).OfType<PolicyReference>().Where(r => r.IsAwsManaged).Select(r => r.ManagedPolicyArn!).Distinct(StringComparer.Ordinal);

    public bool Equals(GatheredPolicies? other) =>
        other is not null && Identity.SequenceEqual(other.Identity) && Boundary == other.Boundary && MissingGroups.SequenceEqual(other.MissingGroups);

    public override int GetHashCode() => HashCode.Combine(Identity.Count, Boundary, MissingGroups.Count);
}
