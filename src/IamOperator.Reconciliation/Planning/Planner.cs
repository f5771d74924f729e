using IamOperator.Iam;
using IamOperator.Reconciliation.Desired;
using IamOperator.Reconciliation.Observed;
using IamOperator.Resources;

namespace IamOperator.Reconciliation.Planning;

/// <summary>
/// Pure: desired + observed → the ordered IAM writes that make IAM match, or the reason nothing may
/// be done. Rules (docs/reconciliation.md):
/// <list type="bullet">
/// <item>Exclusive ownership: memberships, managed attachments, inline policies and tags converge
/// exactly to the declaration (keys starting with <c>aws:</c> are IAM's and left alone).</item>
/// <item>The order of the writes is <see cref="WriteOrder"/>'s, applied to every plan: the claim first,
/// removals before additions.</item>
/// <item>An entity whose owner tag (groups: ownership marker) names another owner is never touched;
/// an unmarked one is taken only with adoptionPolicy Adopt. Instance profiles follow the same rules.</item>
/// <item>Documents are compared in canonical form only; the text sent is the declaration's.</item>
/// <item>What IAM would refuse midway (the account's attachment quota, an AWS managed policy that does
/// not exist, a tag limit the claim would cross) blocks the plan before its first write.</item>
/// </list>
/// </summary>
public static class Planner
{
    public static Plan Diff(DesiredEntity desired, ObservedEntity? observed) => Diff(desired, observed, ObservedReferences.None);

    public static Plan Diff(DesiredEntity desired, ObservedEntity? observed, ObservedReferences references)
    {
        if (CheckReferences(desired, references) is { } refused) return refused;
        return desired switch
        {
            DesiredGroup group => DiffGroup(group, observed as ObservedGroup),
            DesiredUser user => DiffUser(user, observed as ObservedUser),
            DesiredRole role => DiffRole(role, observed as ObservedRole, references),
            DesiredPolicy policy => DiffPolicy(policy, observed as ObservedPolicy),
            _ => throw new ArgumentOutOfRangeException(nameof(desired), desired.GetType().Name, "unknown desired entity"),
        };
    }

    /// <summary>The managed policy ARNs an entity declares (none for a managed policy itself).</summary>
    public static IReadOnlyList<string> ManagedPolicyArns(DesiredEntity desired) => desired switch
    {
        DesiredGroup group => group.ManagedPolicyArns,
        DesiredUser user => user.ManagedPolicyArns,
        DesiredRole role => role.ManagedPolicyArns,
        _ => [],
    };

    /// <summary>The managed policy ARNs IAM has attached to the entity (none when absent).</summary>
    public static IReadOnlyList<string> ManagedPolicyArns(ObservedEntity? observed) => observed switch
    {
        ObservedGroup group => group.ManagedPolicyArns,
        ObservedUser user => user.ManagedPolicyArns,
        ObservedRole role => role.ManagedPolicyArns,
        _ => [],
    };

    /// <summary>An AWS managed policy's ARN (account "aws"): it exists in every account or nowhere, and nobody here can create it.</summary>
    public static bool IsAwsManaged(string policyArn) => policyArn.Contains(":iam::aws:policy/", StringComparison.Ordinal);

    private static Plan? CheckReferences(DesiredEntity desired, ObservedReferences references)
    {
        var id = desired.Identity;
        var declared = ManagedPolicyArns(desired);
        var missing = declared.Where(references.MissingAwsManagedPolicies.Contains).ToList();
        if (missing.Count > 0)
            return Plan.Blocked(id.Resource, id.Kind, id.IamName, ConditionReasons.InvalidSpec,
                $"spec.permissions.managedPolicyArns: {string.Join(", ", missing.Select(a => $"'{a}'"))} "
                + $"{(missing.Count == 1 ? "is not an AWS managed policy" : "are not AWS managed policies")} IAM has (GetPolicy: NoSuchEntity); "
                + "check the name and path (e.g. arn:aws:iam::aws:policy/job-function/ViewOnlyAccess); no IAM write made");
        if (references.AttachedPoliciesQuota is { } quota && declared.Count > quota)
            return Plan.Blocked(id.Resource, id.Kind, id.IamName, ConditionReasons.LimitExceeded,
                $"spec.permissions: {declared.Count} managed policies declared, but this account attaches at most {quota} to a {Noun(id.Kind)} "
                + $"(GetAccountSummary AttachedPoliciesPer{id.Kind}Quota; raise it with Service Quotas, or attach fewer); no IAM write made");
        return null;
    }

    // ---------------------------------------------------------------- groups

    private static Plan DiffGroup(DesiredGroup desired, ObservedGroup? observed)
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

    // ---------------------------------------------------------------- users

    private static Plan DiffUser(DesiredUser desired, ObservedUser? observed)
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

    // ---------------------------------------------------------------- roles

    private static Plan DiffRole(DesiredRole desired, ObservedRole? observed, ObservedReferences references)
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
                if (references.SameNameInstanceProfile is not { } existing) AddInstanceProfile(actions, id);
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
            return Immutable(id, "spec.iamName",
                $"IAM cannot rename a role: IAM role '{observed.Name}' (owned by this resource) stays as it is and no '{name}' is created beside it; "
                + $"restore spec.iamName: {observed.Name}, or delete this resource (which deletes '{observed.Name}') and declare '{name}' anew");
        if (observed.Path != id.Path)
            return Immutable(id, "spec.path", $"IAM cannot change a role's path ('{observed.Path}' → '{id.Path}'); declare a new IamServiceRole instead");

        var profile = FindOwnProfile(observed, name);
        var profileOwnership = profile is null ? ProfileOwnership.Ours : OwnershipOf(profile, name, id.Owner);
        if (desired.InstanceProfile && profile is not null && ProfileBlocker(id, profile, profileOwnership) is { } profileBlocked) return profileBlocked;

        if (Claim(actions, IamOperation.TagRole, id, observed, observed.Tags) is { } full) return full;
        if (desired.InstanceProfile && profile is not null && profileOwnership == ProfileOwnership.Unmarked) actions.Add(ClaimProfile(profile, id));
        ConvergeTags(actions, IamOperation.TagRole, IamOperation.UntagRole, name, desired.Tags, Claimed(observed.Tags, id));
        if (observed.Description != desired.Description || observed.MaxSessionDurationSeconds != desired.MaxSessionDurationSeconds)
            actions.Add(new PlannedIamWrite(IamOperation.UpdateRole, name)
            {
                Description = desired.Description, MaxSessionDurationSeconds = desired.MaxSessionDurationSeconds,
            });
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

    private enum ProfileOwnership { Ours, Unmarked, Others }

    /// <summary>Why the role may not use its same-name instance profile, or null when it may.</summary>
    private static Plan? ProfileBlocker(EntityIdentity id, ObservedInstanceProfile profile, ProfileOwnership ownership)
    {
        if (profile.Owner is not null && profile.Owner != id.Owner)
            return Plan.Blocked(id.Resource, id.Kind, id.IamName, ConditionReasons.OwnershipConflict,
                $"instance profile '{profile.Name}' is owned by '{profile.Owner}' (tag {EntityIdentity.OwnerTagKey}), not by '{id.Owner}'");
        if (!profile.RoleNames.Contains(id.IamName, StringComparer.OrdinalIgnoreCase) && profile.RoleNames.Count > 0)
            return Plan.Blocked(id.Resource, id.Kind, id.IamName, ConditionReasons.OwnershipConflict,
                $"instance profile '{profile.Name}' already holds role '{profile.RoleNames[0]}' (an instance profile holds one role)");
        if (ownership == ProfileOwnership.Unmarked && id.AdoptionPolicy != AdoptionPolicy.Adopt)
            return Plan.Blocked(id.Resource, id.Kind, id.IamName, ConditionReasons.AlreadyExists,
                $"instance profile '{profile.Name}' already exists and is not marked as owned by '{id.Owner}' (tag {EntityIdentity.OwnerTagKey})"
                + (profile.TagsUnread is { } why ? $"; its tags could not be read ({why})" : "")
                + "; set spec.adoptionPolicy: Adopt to take it over, or spec.instanceProfile.enabled: false to leave it alone");
        return null;
    }

    private static PlannedIamWrite ClaimProfile(ObservedInstanceProfile profile, EntityIdentity id) =>
        new(IamOperation.TagInstanceProfile, profile.Name) { Tags = [new IamTag(EntityIdentity.OwnerTagKey, id.Owner)] };

    /// <summary>
    /// By its owner tag, like every other entity. When the tags could not be read, by the role it holds:
    /// holding only this (our) role, it is ours; empty, it is unmarked; holding another role, not ours.
    /// </summary>
    private static ProfileOwnership OwnershipOf(ObservedInstanceProfile profile, string roleName, string owner)
    {
        if (profile.TagsUnread is null)
            return profile.Owner is null ? ProfileOwnership.Unmarked : profile.Owner == owner ? ProfileOwnership.Ours : ProfileOwnership.Others;
        if (profile.RoleNames.Count == 0) return ProfileOwnership.Unmarked;
        return profile.RoleNames.All(r => string.Equals(r, roleName, StringComparison.OrdinalIgnoreCase)) ? ProfileOwnership.Ours : ProfileOwnership.Others;
    }

    private static ObservedInstanceProfile? FindOwnProfile(ObservedRole role, string roleName)
    {
        foreach (var profile in role.InstanceProfiles)
            if (string.Equals(profile.Name, roleName, StringComparison.OrdinalIgnoreCase)) return profile;
        return null;
    }

    private static void AddInstanceProfile(List<PlannedIamWrite> actions, EntityIdentity id)
    {
        actions.Add(new PlannedIamWrite(IamOperation.CreateInstanceProfile, id.IamName)
        {
            Path = id.Path, Tags = [new IamTag(EntityIdentity.OwnerTagKey, id.Owner)],
        });
        actions.Add(new PlannedIamWrite(IamOperation.AddRoleToInstanceProfile, id.IamName) { Subject = id.IamName });
    }

    private static void RemoveInstanceProfile(List<PlannedIamWrite> actions, ObservedInstanceProfile profile, string roleName, bool deleteIt)
    {
        if (profile.RoleNames.Contains(roleName, StringComparer.OrdinalIgnoreCase))
            actions.Add(new PlannedIamWrite(IamOperation.RemoveRoleFromInstanceProfile, profile.Name) { Subject = roleName });
        if (deleteIt) actions.Add(new PlannedIamWrite(IamOperation.DeleteInstanceProfile, profile.Name));
    }

    // ---------------------------------------------------------------- managed policies

    /// <summary>IAM keeps at most this many versions of a managed policy.</summary>
    public const int MaxPolicyVersions = 5;

    private static Plan DiffPolicy(DesiredPolicy desired, ObservedPolicy? observed)
    {
        var id = desired.Identity;
        var actions = new List<PlannedIamWrite>();
        if (observed is null)
        {
            actions.Add(new PlannedIamWrite(IamOperation.CreatePolicy, id.IamName)
            {
                Path = id.Path, Document = desired.Document, Description = desired.Description, Tags = ToTags(desired.Tags),
            });
            return Created(id, actions, observed);
        }

        if (Ownership(id, observed, "owner tag") is { } blocker) return blocker;
        if (!string.Equals(observed.Name, id.IamName, StringComparison.Ordinal))
            return Immutable(id, "spec.iamName", $"IAM cannot rename a managed policy: '{observed.Name}' stays; declare a new IamPolicy for '{id.IamName}'");
        if (observed.Path != id.Path)
            return Immutable(id, "spec.path", $"IAM cannot change a managed policy's path ('{observed.Path}' → '{id.Path}')");
        if (desired.Description is not null && desired.Description != (observed.Description ?? ""))
            return Immutable(id, "spec.description", $"IAM cannot change a managed policy's description after creation (IAM has \"{observed.Description}\")");

        var arn = observed.Arn;
        if (Claim(actions, IamOperation.TagPolicy, id, observed, observed.Tags, target: arn) is { } full) return full;
        ConvergeTags(actions, IamOperation.TagPolicy, IamOperation.UntagPolicy, arn, desired.Tags, Claimed(observed.Tags, id));
        if (!PolicyText.SameAs(desired.Document, observed.Document))
        {
            if (observed.Versions.Count >= MaxPolicyVersions && OldestNonDefault(observed.Versions) is { } oldest)
                actions.Add(new PlannedIamWrite(IamOperation.DeletePolicyVersion, arn) { Subject = oldest.VersionId });
            actions.Add(new PlannedIamWrite(IamOperation.CreatePolicyVersion, arn) { Document = desired.Document });
        }
        return Updated(id, actions, observed);
    }

    private static IamPolicyVersionInfo? OldestNonDefault(IReadOnlyList<IamPolicyVersionInfo> versions)
    {
        IamPolicyVersionInfo? oldest = null;
        foreach (var version in versions)
        {
            if (version.IsDefaultVersion) continue;
            if (oldest is null || version.CreateDate < oldest.CreateDate
                || (version.CreateDate == oldest.CreateDate && VersionNumber(version.VersionId) < VersionNumber(oldest.VersionId)))
                oldest = version;
        }
        return oldest;
    }

    private static int VersionNumber(string versionId) =>
        versionId.Length > 1 && int.TryParse(versionId.AsSpan(1), out var n) ? n : int.MaxValue;

    // ---------------------------------------------------------------- deletion

    /// <summary>
    /// The writes that delete an entity, IAM's prerequisites first. Nothing when deletionPolicy is
    /// Retain, when the entity is gone, or when it is not ours (then the plan is Blocked and says why;
    /// the resource may still go away: the entity was never ours to delete).
    /// </summary>
    public static Plan DiffDeletion(EntityIdentity id, ObservedEntity? observed)
    {
        if (id.DeletionPolicy == DeletionPolicy.Retain || observed is null) return Plan.NoChange(id.Resource, id.Kind, id.IamName);
        if (observed.Owner != id.Owner)
        {
            var message = observed.Owner is null
                ? $"IAM {Noun(id.Kind)} '{observed.Name}' is not marked as owned by '{id.Owner}'; it is left in place"
                : $"IAM {Noun(id.Kind)} '{observed.Name}' is owned by '{observed.Owner}', not '{id.Owner}'; it is left in place";
            return Plan.Blocked(id.Resource, id.Kind, observed.Name, observed.Owner is null ? ConditionReasons.AlreadyExists : ConditionReasons.OwnershipConflict, message);
        }

        var actions = new List<PlannedIamWrite>();
        var name = observed.Name;
        switch (observed)
        {
            case ObservedGroup group:
                foreach (var member in group.Members ?? [])
                    actions.Add(new PlannedIamWrite(IamOperation.RemoveUserFromGroup, member) { Subject = name });
                foreach (var arn in group.ManagedPolicyArns)
                    actions.Add(new PlannedIamWrite(IamOperation.DetachGroupPolicy, name) { Subject = arn });
                foreach (var policyName in group.InlinePolicies.Keys)
                    actions.Add(new PlannedIamWrite(IamOperation.DeleteGroupPolicy, name) { Subject = policyName });
                // The marker goes last, bound to DeleteGroup: an unmarked leftover would be abandoned as not ours.
                actions.Add(new PlannedIamWrite(IamOperation.DeleteGroupPolicy, name) { Subject = GroupOwnershipMarker.PolicyName });
                actions.Add(new PlannedIamWrite(IamOperation.DeleteGroup, name) { BoundToPrevious = true });
                break;
            case ObservedUser user:
                if (user.HasLoginProfile == true) actions.Add(new PlannedIamWrite(IamOperation.DeleteLoginProfile, name));
                foreach (var key in user.AccessKeys ?? [])
                    actions.Add(new PlannedIamWrite(IamOperation.DeleteAccessKey, name) { Subject = key.AccessKeyId });
                foreach (var certificate in user.SigningCertificates ?? [])
                    actions.Add(new PlannedIamWrite(IamOperation.DeleteSigningCertificate, name) { Subject = certificate.CertificateId });
                foreach (var key in user.SshPublicKeys ?? [])
                    actions.Add(new PlannedIamWrite(IamOperation.DeleteSSHPublicKey, name) { Subject = key.SshPublicKeyId });
                foreach (var credential in user.ServiceSpecificCredentials ?? [])
                    actions.Add(new PlannedIamWrite(IamOperation.DeleteServiceSpecificCredential, name) { Subject = credential.ServiceSpecificCredentialId });
                foreach (var device in user.MfaDevices ?? [])
                {
                    actions.Add(new PlannedIamWrite(IamOperation.DeactivateMFADevice, name) { Subject = device.SerialNumber });
                    // A deactivated virtual device stays in the account, and ListMFADevices no longer shows it:
                    // deleting it is bound to the deactivation so an interrupted apply cannot orphan it.
                    if (device.IsVirtual)
                        actions.Add(new PlannedIamWrite(IamOperation.DeleteVirtualMFADevice, device.SerialNumber) { BoundToPrevious = true });
                }
                foreach (var policyName in user.InlinePolicies.Keys)
                    actions.Add(new PlannedIamWrite(IamOperation.DeleteUserPolicy, name) { Subject = policyName });
                foreach (var arn in user.ManagedPolicyArns)
                    actions.Add(new PlannedIamWrite(IamOperation.DetachUserPolicy, name) { Subject = arn });
                foreach (var group in user.GroupNames)
                    actions.Add(new PlannedIamWrite(IamOperation.RemoveUserFromGroup, name) { Subject = group });
                actions.Add(new PlannedIamWrite(IamOperation.DeleteUser, name));
                break;
            case ObservedRole role:
                foreach (var profile in role.InstanceProfiles)
                {
                    var ours = OwnershipOf(profile, name, id.Owner) == ProfileOwnership.Ours
                        && profile.RoleNames.All(r => string.Equals(r, name, StringComparison.OrdinalIgnoreCase));
                    RemoveInstanceProfile(actions, profile, name, deleteIt: ours);
                }
                foreach (var policyName in role.InlinePolicies.Keys)
                    actions.Add(new PlannedIamWrite(IamOperation.DeleteRolePolicy, name) { Subject = policyName });
                foreach (var arn in role.ManagedPolicyArns)
                    actions.Add(new PlannedIamWrite(IamOperation.DetachRolePolicy, name) { Subject = arn });
                actions.Add(new PlannedIamWrite(IamOperation.DeleteRole, name));
                break;
            case ObservedPolicy policy:
                var entities = policy.Entities ?? new PolicyEntities([], [], []);
                foreach (var user in entities.UserNames)
                    actions.Add(new PlannedIamWrite(IamOperation.DetachUserPolicy, user) { Subject = policy.Arn });
                foreach (var group in entities.GroupNames)
                    actions.Add(new PlannedIamWrite(IamOperation.DetachGroupPolicy, group) { Subject = policy.Arn });
                foreach (var role in entities.RoleNames)
                    actions.Add(new PlannedIamWrite(IamOperation.DetachRolePolicy, role) { Subject = policy.Arn });
                foreach (var version in policy.Versions)
                    if (!version.IsDefaultVersion)
                        actions.Add(new PlannedIamWrite(IamOperation.DeletePolicyVersion, policy.Arn) { Subject = version.VersionId });
                actions.Add(new PlannedIamWrite(IamOperation.DeletePolicy, policy.Arn));
                break;
        }
        return new Plan(id.Resource, id.Kind, name, PlanChange.Delete, WriteOrder.Arrange(actions, observed));
    }

    // ---------------------------------------------------------------- shared rules

    private static Plan? Ownership(EntityIdentity id, ObservedEntity observed, string mark)
    {
        if (observed.Owner == id.Owner) return null;
        if (observed.Owner is not null)
            return Plan.Blocked(id.Resource, id.Kind, id.IamName, ConditionReasons.OwnershipConflict,
                $"IAM {Noun(id.Kind)} '{observed.Name}' is owned by '{observed.Owner}' ({mark}), not by this resource ('{id.Owner}'); it is left untouched");
        if (id.AdoptionPolicy == AdoptionPolicy.Adopt) return null;
        return Plan.Blocked(id.Resource, id.Kind, id.IamName, ConditionReasons.AlreadyExists,
            $"IAM {Noun(id.Kind)} '{observed.Name}' already exists and is not managed by IamOperator; set spec.adoptionPolicy: Adopt to take it over");
    }

    private static Plan Immutable(EntityIdentity id, string field, string message) =>
        Plan.Blocked(id.Resource, id.Kind, id.IamName, ConditionReasons.InvalidSpec, $"{field} is immutable: {message}");

    private static PlannedIamWrite Rename(IamOperation operation, ObservedEntity observed, EntityIdentity id) => new(operation, observed.Name)
    {
        NewName = string.Equals(observed.Name, id.IamName, StringComparison.Ordinal) ? null : id.IamName,
        NewPath = observed.Path == id.Path ? null : id.Path,
    };

    private static Plan Created(EntityIdentity id, List<PlannedIamWrite> actions, ObservedEntity? observed) =>
        new(id.Resource, id.Kind, id.IamName, PlanChange.Create, WriteOrder.Arrange(actions, observed));

    private static Plan Updated(EntityIdentity id, List<PlannedIamWrite> actions, ObservedEntity observed) => actions.Count == 0
        ? Plan.NoChange(id.Resource, id.Kind, id.IamName)
        : new Plan(id.Resource, id.Kind, id.IamName, PlanChange.Update, WriteOrder.Arrange(actions, observed));

    /// <summary>The tags that count against <see cref="IamLimits.TagsPerEntity"/>: those starting with <c>aws:</c> are IAM's own and do not.</summary>
    public static int CountedTags(IReadOnlyDictionary<string, string> tags) => tags.Keys.Count(k => !IsIamTag(k));

    private static bool IsIamTag(string key) => key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Adopting an unmarked entity: the owner tag alone, on the entity as IAM names it now. Null when there
    /// is nothing to claim; a blocked plan when the claim itself would cross IAM's tag limit (the claim must
    /// come first, so no tag may be removed to make room).
    /// </summary>
    private static Plan? Claim(List<PlannedIamWrite> actions, IamOperation tag, EntityIdentity id, ObservedEntity observed,
        IReadOnlyDictionary<string, string> tags, string? target = null)
    {
        if (observed.Owner is not null) return null;
        if (CountedTags(tags) >= IamLimits.TagsPerEntity)
            return Plan.Blocked(id.Resource, id.Kind, id.IamName, ConditionReasons.LimitExceeded,
                $"IAM {Noun(id.Kind)} '{observed.Name}' already holds {IamLimits.TagsPerEntity} tags, IAM's limit, so the owner tag {EntityIdentity.OwnerTagKey} "
                + "cannot be added; adopting claims the entity before changing anything else, so remove one of its tags outside the operator first");
        actions.Add(new PlannedIamWrite(tag, target ?? observed.Name) { Tags = [new IamTag(EntityIdentity.OwnerTagKey, id.Owner)] });
        return null;
    }

    /// <summary>The entity's tags once the claim (if any) is made.</summary>
    private static IReadOnlyDictionary<string, string> Claimed(IReadOnlyDictionary<string, string> tags, EntityIdentity id)
    {
        if (tags.ContainsKey(EntityIdentity.OwnerTagKey)) return tags;
        return new Dictionary<string, string>(tags, StringComparer.Ordinal) { [EntityIdentity.OwnerTagKey] = id.Owner };
    }

    private static string Noun(IamEntityKind kind) => kind switch
    {
        IamEntityKind.Policy => "managed policy",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static IReadOnlyList<IamTag> ToTags(IReadOnlyDictionary<string, string> tags)
    {
        var list = new List<IamTag>(tags.Count);
        foreach (var (key, value) in tags) list.Add(new IamTag(key, value));
        return list;
    }

    private static void ConvergeTags(List<PlannedIamWrite> actions, IamOperation tag, IamOperation untag, string target,
        IReadOnlyDictionary<string, string> desired, IReadOnlyDictionary<string, string> observed)
    {
        List<string>? remove = null;
        foreach (var key in observed.Keys)
            if (!desired.ContainsKey(key) && !IsIamTag(key))
                (remove ??= []).Add(key);
        List<IamTag>? set = null;
        foreach (var (key, value) in desired)
            if (!observed.TryGetValue(key, out var current) || current != value)
                (set ??= []).Add(new IamTag(key, value));
        if (remove is not null)
        {
            remove.Sort(StringComparer.Ordinal);
            actions.Add(new PlannedIamWrite(untag, target) { TagKeys = remove });
        }
        if (set is not null) actions.Add(new PlannedIamWrite(tag, target) { Tags = set });
    }

    private static void ConvergeBoundary(List<PlannedIamWrite> actions, IamOperation put, IamOperation delete, string target, string? desired, string? observed)
    {
        if (desired == observed) return;
        actions.Add(desired is null ? new PlannedIamWrite(delete, target) : new PlannedIamWrite(put, target) { Subject = desired });
    }

    private static void ConvergeManaged(List<PlannedIamWrite> actions, IamOperation attach, IamOperation detach, string target,
        IReadOnlyList<string> desired, IReadOnlyList<string> observed) =>
        ConvergeSet(actions, attach, detach, target, desired, observed, StringComparer.Ordinal);

    private static void ConvergeSet(List<PlannedIamWrite> actions, IamOperation add, IamOperation remove, string target,
        IReadOnlyList<string> desired, IReadOnlyList<string> observed, StringComparer comparer)
    {
        foreach (var item in observed)
            if (!Contains(desired, item, comparer)) actions.Add(new PlannedIamWrite(remove, target) { Subject = item });
        foreach (var item in desired)
            if (!Contains(observed, item, comparer)) actions.Add(new PlannedIamWrite(add, target) { Subject = item });
    }

    // Lists are short (IAM allows at most 20 attachments / 10 groups): a scan beats building a set.
    private static bool Contains(IReadOnlyList<string> items, string item, StringComparer comparer)
    {
        for (var i = 0; i < items.Count; i++)
            if (comparer.Equals(items[i], item)) return true;
        return false;
    }

    private static void ConvergeInline(List<PlannedIamWrite> actions, IamOperation put, IamOperation delete, string target,
        IReadOnlyDictionary<string, string> desired, IReadOnlyDictionary<string, string> observed)
    {
        foreach (var name in observed.Keys)
            if (!desired.ContainsKey(name)) actions.Add(new PlannedIamWrite(delete, target) { Subject = name });
        foreach (var (name, document) in desired)
            if (!observed.TryGetValue(name, out var current) || !PolicyText.SameAs(document, current))
                actions.Add(new PlannedIamWrite(put, target) { Subject = name, Document = document });
    }
}
