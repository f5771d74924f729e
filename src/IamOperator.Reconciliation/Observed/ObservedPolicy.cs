using IamOperator.Iam;

namespace IamOperator.Reconciliation.Observed;

/// <summary>
/// A customer managed policy: its default version's canonical document, every version, and the
/// entities it is attached to (null when not read).
/// </summary>
public sealed record ObservedPolicy(
    string Name, string Path, string Arn, string Id, string? Owner,
    IReadOnlyDictionary<string, string> Tags,
    string? Description,
    string DefaultVersionId,
    string Document,
    IReadOnlyList<IamPolicyVersionInfo> Versions,
    PolicyEntities? Entities) : ObservedEntity(Name, Path, Arn, Id, Owner);
