using IamOperator.Iam;
using IamOperator.Reconciliation.Desired;
using IamOperator.Reconciliation.Observed;
using IamOperator.Resources;
using static IamOperator.Reconciliation.Planning.InstanceProfilePlanning;
using static IamOperator.Reconciliation.Planning.PlanOutcomes;

namespace IamOperator.Reconciliation.Planning;

/// <summary>The writes that delete an entity, IAM's prerequisites first (see <see cref="Planner.DiffDeletion"/>).</summary>
internal static class DeletionPlanner
{
    internal static Plan Diff(EntityIdentity id, ObservedEntity? observed)
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
                {
                    if (!version.IsDefaultVersion)
                        actions.Add(new PlannedIamWrite(IamOperation.DeletePolicyVersion, policy.Arn) { Subject = version.VersionId });
                }

                actions.Add(new PlannedIamWrite(IamOperation.DeletePolicy, policy.Arn));
                break;
        }
        return new Plan(id.Resource, id.Kind, name, PlanChange.Delete, WriteOrder.Arrange(actions, observed));
    }
}
