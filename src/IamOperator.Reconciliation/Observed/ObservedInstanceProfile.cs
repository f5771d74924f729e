namespace IamOperator.Reconciliation.Observed;

/// <summary>
/// An instance profile. <see cref="Owner"/> is its owner tag's value; null when untagged or not read
/// (the bulk snapshot carries no instance profile tags).
/// </summary>
public sealed record ObservedInstanceProfile(string Name, string Arn, IReadOnlyList<string> RoleNames, string? Owner);
