namespace IamOperator.Reconciliation.Desired;

/// <summary>A customer managed policy: canonical document, description (immutable in IAM), tags.</summary>
public sealed record DesiredPolicy(
    EntityIdentity Identity,
    IReadOnlyDictionary<string, string> Tags,
    string Document,
    string? Description) : DesiredEntity(Identity);
