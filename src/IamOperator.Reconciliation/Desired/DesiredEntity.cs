using IamOperator.Policies;

namespace IamOperator.Reconciliation.Desired;

/// <summary>
/// The IAM entity a resource declares, fully resolved and normalised: names and ARNs resolved,
/// documents as the manifest writes them (the planner compares them in canonical form), sets sorted. Built by <see cref="DesiredStateBuilder"/>; compared
/// by the <see cref="Planning.Planner"/>.
/// </summary>
public abstract record DesiredEntity(EntityIdentity Identity)
{
    public IamEntityKind Kind => Identity.Kind;
    public string IamName => Identity.IamName;
    public string Path => Identity.Path;
}
