using IamOperator.Iam;
using IamOperator.Reconciliation.Desired;
using IamOperator.Reconciliation.Observed;
using IamOperator.Resources;

namespace IamOperator.Reconciliation.Planning;

/// <summary>
/// A role's same-name instance profile: whose it is, and the writes that claim, create or remove it,
/// shared by a role's plan and its deletion.
/// </summary>
internal static class InstanceProfilePlanning
{
    internal enum ProfileOwnership { Ours, Unmarked, Others }

    /// <summary>Why the role may not use its same-name instance profile, or null when it may.</summary>
    internal static Plan? ProfileBlocker(EntityIdentity id, ObservedInstanceProfile profile, ProfileOwnership ownership)
    {
        if (profile.Owner is not null && profile.Owner != id.Owner)
        {
            return Plan.Blocked(id.Resource, id.Kind, id.IamName, ConditionReasons.OwnershipConflict,
                $"instance profile '{profile.Name}' is owned by '{profile.Owner}' (tag {KubernetesApiGroup.OwnerTagKey}), not by '{id.Owner}'");
        }

        if (!profile.RoleNames.Contains(id.IamName, StringComparer.OrdinalIgnoreCase) && profile.RoleNames.Count > 0)
        {
            return Plan.Blocked(id.Resource, id.Kind, id.IamName, ConditionReasons.OwnershipConflict,
                $"instance profile '{profile.Name}' already holds role '{profile.RoleNames[0]}' (an instance profile holds one role)");
        }

        if (ownership == ProfileOwnership.Unmarked && id.AdoptionPolicy != AdoptionPolicy.Adopt)
        {
            return Plan.Blocked(id.Resource, id.Kind, id.IamName, ConditionReasons.AlreadyExists,
                $"instance profile '{profile.Name}' already exists and is not marked as owned by '{id.Owner}' (tag {KubernetesApiGroup.OwnerTagKey})"
                + (profile.TagsUnread is { } why ? $"; its tags could not be read ({why})" : "")
                + "; set spec.adoptionPolicy: Adopt to take it over, or spec.instanceProfile.enabled: false to leave it alone");
        }

        return null;
    }

    internal static PlannedIamWrite ClaimProfile(ObservedInstanceProfile profile, EntityIdentity id) =>
        new(IamOperation.TagInstanceProfile, profile.Name) { Tags = [new IamTag(KubernetesApiGroup.OwnerTagKey, id.Owner)] };

    /// <summary>
    /// By its owner tag, like every other entity. When the tags could not be read, by the role it holds:
    /// holding only this (our) role, it is ours; empty, it is unmarked; holding another role, not ours.
    /// </summary>
    internal static ProfileOwnership OwnershipOf(ObservedInstanceProfile profile, string roleName, string owner)
    {
        if (profile.TagsUnread is null)
            return profile.Owner is null ? ProfileOwnership.Unmarked : profile.Owner == owner ? ProfileOwnership.Ours : ProfileOwnership.Others;
        if (profile.RoleNames.Count == 0) return ProfileOwnership.Unmarked;
        return profile.RoleNames.All(r => string.Equals(r, roleName, StringComparison.OrdinalIgnoreCase)) ? ProfileOwnership.Ours : ProfileOwnership.Others;
    }

    internal static ObservedInstanceProfile? FindOwnProfile(ObservedRole role, string roleName)
    {
        foreach (var profile in role.InstanceProfiles)
            if (string.Equals(profile.Name, roleName, StringComparison.OrdinalIgnoreCase)) return profile;
        return null;
    }

    internal static void AddInstanceProfile(List<PlannedIamWrite> actions, EntityIdentity id)
    {
        actions.Add(new PlannedIamWrite(IamOperation.CreateInstanceProfile, id.IamName)
        {
            Path = id.Path, Tags = [new IamTag(KubernetesApiGroup.OwnerTagKey, id.Owner)],
        });
        actions.Add(new PlannedIamWrite(IamOperation.AddRoleToInstanceProfile, id.IamName) { Subject = id.IamName });
    }

    internal static void RemoveInstanceProfile(List<PlannedIamWrite> actions, ObservedInstanceProfile profile, string roleName, bool deleteIt)
    {
        if (profile.RoleNames.Contains(roleName, StringComparer.OrdinalIgnoreCase))
            actions.Add(new PlannedIamWrite(IamOperation.RemoveRoleFromInstanceProfile, profile.Name) { Subject = roleName });
        if (deleteIt) actions.Add(new PlannedIamWrite(IamOperation.DeleteInstanceProfile, profile.Name));
    }
}
