namespace IamOperator.Reconciliation.Desired;

/// <summary>A group: managed attachments and inline policies (name → canonical JSON), owned exclusively.</summary>
public sealed record DesiredGroup(
    EntityIdentity Identity,
    IReadOnlyList<string> ManagedPolicyArns,
    IReadOnlyDictionary<string, string> InlinePolicies) : DesiredEntity(Identity);
