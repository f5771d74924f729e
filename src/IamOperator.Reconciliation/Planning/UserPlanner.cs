using IamOperator.Reconciliation.Desired;
using IamOperator.Reconciliation.Observed;
using static IamOperator.Reconciliation.Planning.IdentityPlanning;
using static IamOperator.Reconciliation.Planning.OwnershipPlanning;
using static IamOperator.Reconciliation.Planning.PermissionPlanning;
using static IamOperator.Reconciliation.Planning.PlanOutcomes;
using static IamOperator.Reconciliation.Planning.TagPlanning;

namespace IamOperator.Reconciliation.Planning;

/// <summary>A user's writes: tags, permissions boundary, policies and group memberships.</summary>
internal static class UserPlanner
{
    internal static Plan Diff(DesiredUser desired, ObservedUser? observed)
    {
        var id = desired.Identity;
        var name = id.IamName;
        var actions = new List<PlannedIamWrite>();
        if (observed is null)
        {
            actions.Add(new PlannedIamWrite(IamOperation.CreateUser, name)
            {
                Path = id.Path, PermissionsBoundaryArn = desired.PermissionsBoundaryArn, Tags = ToTags(desired.Tags),
            });
            foreach (var (policyName, document) in desired.InlinePolicies)
                actions.Add(new PlannedIamWrite(IamOperation.PutUserPolicy, name) { Subject = policyName, Document = document });
            foreach (var arn in desired.ManagedPolicyArns)
                actions.Add(new PlannedIamWrite(IamOperation.AttachUserPolicy, name) { Subject = arn });
            foreach (var group in desired.GroupNames)
                actions.Add(new PlannedIamWrite(IamOperation.AddUserToGroup, name) { Subject = group });
            return Created(id, actions, observed);
        }

        if (Ownership(id, observed, "owner tag") is { } blocker) return blocker;
        if (Claim(actions, IamOperation.TagUser, id, observed, observed.Tags) is { } full) return full;
        if (!string.Equals(observed.Name, name, StringComparison.Ordinal) || observed.Path != id.Path)
            actions.Add(Rename(IamOperation.UpdateUser, observed, id));
        ConvergeTags(actions, IamOperation.TagUser, IamOperation.UntagUser, name, desired.Tags, Claimed(observed.Tags, id));
        ConvergeBoundary(actions, IamOperation.PutUserPermissionsBoundary, IamOperation.DeleteUserPermissionsBoundary, name,
            desired.PermissionsBoundaryArn, observed.PermissionsBoundaryArn);
        ConvergeManaged(actions, IamOperation.AttachUserPolicy, IamOperation.DetachUserPolicy, name, desired.ManagedPolicyArns, observed.ManagedPolicyArns);
        ConvergeInline(actions, IamOperation.PutUserPolicy, IamOperation.DeleteUserPolicy, name, desired.InlinePolicies, observed.InlinePolicies);
        ConvergeSet(actions, IamOperation.AddUserToGroup, IamOperation.RemoveUserFromGroup, name, desired.GroupNames, observed.GroupNames,
            StringComparer.OrdinalIgnoreCase); // group names are case-insensitive in IAM
        return Updated(id, actions, observed);
    }
}
