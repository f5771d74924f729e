using IamOperator.Reconciliation.Desired;
using IamOperator.Reconciliation.Observed;
using static IamOperator.Reconciliation.Planning.IdentityPlanning;
using static IamOperator.Reconciliation.Planning.InstanceProfilePlanning;
using static IamOperator.Reconciliation.Planning.OwnershipPlanning;
using static IamOperator.Reconciliation.Planning.PermissionPlanning;
using static IamOperator.Reconciliation.Planning.PlanOutcomes;
using static IamOperator.Reconciliation.Planning.TagPlanning;

namespace IamOperator.Reconciliation.Planning;

/// <summary>A role's writes, its same-name instance profile included. IAM cannot rename a role or move its path.</summary>
internal static class RolePlanner
{
    internal static Plan Diff(DesiredRole desired, ObservedRole? observed, ObservedReferences references)
    {
        var id = desired.Identity;
        var name = id.IamName;
        var actions = new List<PlannedIamWrite>();
        if (observed is null)
        {
            actions.Add(new PlannedIamWrite(IamOperation.CreateRole, name)
            {
                Path = id.Path,
                Document = desired.TrustPolicy,
                Description = desired.Description.Length == 0 ? null : desired.Description,
                MaxSessionDurationSeconds = desired.MaxSessionDurationSeconds == DesiredRole.DefaultMaxSessionDurationSeconds ? null : desired.MaxSessionDurationSeconds,
                PermissionsBoundaryArn = desired.PermissionsBoundaryArn,
                Tags = ToTags(desired.Tags),
            });
            foreach (var (policyName, document) in desired.InlinePolicies)
                actions.Add(new PlannedIamWrite(IamOperation.PutRolePolicy, name) { Subject = policyName, Document = document });
            foreach (var arn in desired.ManagedPolicyArns)
                actions.Add(new PlannedIamWrite(IamOperation.AttachRolePolicy, name) { Subject = arn });
            if (desired.InstanceProfile)
            {
                // The role is new, but a profile of its name may not be (made by hand, or left by an interrupted delete).
                if (references.SameNameInstanceProfile is not { } existing)
                {
                    AddInstanceProfile(actions, id);
                }
                else
                {
                    var ownership = OwnershipOf(existing, name, id.Owner);
                    if (ProfileBlocker(id, existing, ownership) is { } existingBlocked) return existingBlocked;
                    if (ownership == ProfileOwnership.Unmarked) actions.Add(ClaimProfile(existing, id));
                    if (existing.RoleNames.Count == 0)
                        actions.Add(new PlannedIamWrite(IamOperation.AddRoleToInstanceProfile, existing.Name) { Subject = name });
                }
            }
            return Created(id, actions, observed);
        }

        if (Ownership(id, observed, "owner tag") is { } blocker) return blocker;
        if (!string.Equals(observed.Name, name, StringComparison.Ordinal))
        {
            return Immutable(id, "spec.iamName",
                $"IAM cannot rename a role: IAM role '{observed.Name}' (owned by this resource) stays as it is and no '{name}' is created beside it; "
                + $"restore spec.iamName: {observed.Name}, or delete this resource (which deletes '{observed.Name}') and declare '{name}' anew");
        }

        if (observed.Path != id.Path)
            return Immutable(id, "spec.path", $"IAM cannot change a role's path ('{observed.Path}' → '{id.Path}'); declare a new IamServiceRole instead");

        var profile = FindOwnProfile(observed, name);
        var profileOwnership = profile is null ? ProfileOwnership.Ours : OwnershipOf(profile, name, id.Owner);
        if (desired.InstanceProfile && profile is not null && ProfileBlocker(id, profile, profileOwnership) is { } profileBlocked) return profileBlocked;

        if (Claim(actions, IamOperation.TagRole, id, observed, observed.Tags) is { } full) return full;
        if (desired.InstanceProfile && profile is not null && profileOwnership == ProfileOwnership.Unmarked) actions.Add(ClaimProfile(profile, id));
        ConvergeTags(actions, IamOperation.TagRole, IamOperation.UntagRole, name, desired.Tags, Claimed(observed.Tags, id));
        if (observed.Description != desired.Description || observed.MaxSessionDurationSeconds != desired.MaxSessionDurationSeconds)
        {
            actions.Add(new PlannedIamWrite(IamOperation.UpdateRole, name)
            {
                Description = desired.Description, MaxSessionDurationSeconds = desired.MaxSessionDurationSeconds,
            });
        }

        if (!PolicyText.SameAs(desired.TrustPolicy, observed.TrustPolicy))
            actions.Add(new PlannedIamWrite(IamOperation.UpdateAssumeRolePolicy, name) { Document = desired.TrustPolicy });
        ConvergeBoundary(actions, IamOperation.PutRolePermissionsBoundary, IamOperation.DeleteRolePermissionsBoundary, name,
            desired.PermissionsBoundaryArn, observed.PermissionsBoundaryArn);
        ConvergeManaged(actions, IamOperation.AttachRolePolicy, IamOperation.DetachRolePolicy, name, desired.ManagedPolicyArns, observed.ManagedPolicyArns);
        ConvergeInline(actions, IamOperation.PutRolePolicy, IamOperation.DeleteRolePolicy, name, desired.InlinePolicies, observed.InlinePolicies);

        if (desired.InstanceProfile)
        {
            if (profile is null) AddInstanceProfile(actions, id);
            else if (profile.RoleNames.Count == 0)
                actions.Add(new PlannedIamWrite(IamOperation.AddRoleToInstanceProfile, profile.Name) { Subject = name });
        }
        // Someone else's profile, or an unmarked one, is left as it is: turning ours off never deletes theirs.
        else if (profile is not null && profileOwnership == ProfileOwnership.Ours)
        {
            RemoveInstanceProfile(actions, profile, name, deleteIt: true);
        }
        return Updated(id, actions, observed);
    }
}
