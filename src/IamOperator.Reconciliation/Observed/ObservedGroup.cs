namespace IamOperator.Reconciliation.Observed;

/// <summary>
/// A group as IAM holds it. <see cref="InlinePolicies"/> excludes the ownership marker (its value is
/// <see cref="ObservedEntity.Owner"/>); <see cref="Members"/> is null when not read (bulk snapshot).
/// </summary>
public sealed record ObservedGroup(
    string Name, string Path, string Arn, string Id, string? Owner,
    IReadOnlyList<string> ManagedPolicyArns,
    IReadOnlyDictionary<string, string> InlinePolicies,
    IReadOnlyList<string>? Members) : ObservedEntity(Name, Path, Arn, Id, Owner);
