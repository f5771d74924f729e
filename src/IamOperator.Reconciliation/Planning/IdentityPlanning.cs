using IamOperator.Reconciliation.Desired;
using IamOperator.Reconciliation.Observed;
using IamOperator.Resources;

namespace IamOperator.Reconciliation.Planning;

/// <summary>A changed name or path: the rename IAM can make, or the blocker for what IAM cannot change.</summary>
internal static class IdentityPlanning
{
    internal static Plan Immutable(EntityIdentity id, string field, string message) =>
        Plan.Blocked(id.Resource, id.Kind, id.IamName, ConditionReasons.InvalidSpec, $"{field} is immutable: {message}", declarationAtFault: true);

    internal static PlannedIamWrite Rename(IamOperation operation, ObservedEntity observed, EntityIdentity id) => new(operation, observed.Name)
    {
        NewName = string.Equals(observed.Name, id.IamName, StringComparison.Ordinal) ? null : id.IamName,
        NewPath = observed.Path == id.Path ? null : id.Path,
    };
}
