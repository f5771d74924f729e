using IamOperator.Reconciliation.Desired;
using IamOperator.Reconciliation.Observed;
using static IamOperator.Reconciliation.Planning.IdentityPlanning;
using static IamOperator.Reconciliation.Planning.OwnershipPlanning;
using static IamOperator.Reconciliation.Planning.PermissionPlanning;
using static IamOperator.Reconciliation.Planning.PlanOutcomes;

namespace IamOperator.Reconciliation.Planning;

/// <summary>A group's writes. Groups cannot be tagged, so ownership is the inline policy <see cref="GroupOwnershipMarker"/>.</summary>
internal static class GroupPlanner
{
    internal static Plan Diff(DesiredGroup desired, ObservedGroup? observed)
    {
        var id = desired.Identity;
        var actions = new List<PlannedIamWrite>();
        if (observed is null)
        {
            actions.Add(new PlannedIamWrite(IamOperation.CreateGroup, id.IamName) { Path = id.Path });
            actions.Add(Marker(id.IamName, id.Owner) with { BoundToPrevious = true });
            foreach (var (policyName, document) in desired.InlinePolicies)
                actions.Add(new PlannedIamWrite(IamOperation.PutGroupPolicy, id.IamName) { Subject = policyName, Document = document });
            foreach (var arn in desired.ManagedPolicyArns)
                actions.Add(new PlannedIamWrite(IamOperation.AttachGroupPolicy, id.IamName) { Subject = arn });
            return Created(id, actions, observed);
        }

        if (Ownership(id, observed, "ownership marker") is { } blocker) return blocker;
        // The claim names the group as IAM knows it now: it comes before the rename.
        if (observed.Owner is null) actions.Add(Marker(observed.Name, id.Owner));
        if (!string.Equals(observed.Name, id.IamName, StringComparison.Ordinal) || observed.Path != id.Path)
            actions.Add(Rename(IamOperation.UpdateGroup, observed, id));
        var name = id.IamName;
        ConvergeManaged(actions, IamOperation.AttachGroupPolicy, IamOperation.DetachGroupPolicy, name, desired.ManagedPolicyArns, observed.ManagedPolicyArns);
        ConvergeInline(actions, IamOperation.PutGroupPolicy, IamOperation.DeleteGroupPolicy, name, desired.InlinePolicies, observed.InlinePolicies);
        return Updated(id, actions, observed);
    }

    private static PlannedIamWrite Marker(string groupName, string owner) => new(IamOperation.PutGroupPolicy, groupName)
    {
        Subject = GroupOwnershipMarker.PolicyName,
        Document = GroupOwnershipMarker.Document(owner),
    };
}
