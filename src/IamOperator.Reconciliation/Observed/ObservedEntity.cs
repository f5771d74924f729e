namespace IamOperator.Reconciliation.Observed;

/// <summary>
/// What IAM holds for one entity, normalised for comparison (documents in canonical JSON).
/// <see cref="Owner"/> is the owner tag's value (groups: the ownership marker's), null when unmarked.
/// </summary>
public abstract record ObservedEntity(string Name, string Path, string Arn, string Id, string? Owner);
