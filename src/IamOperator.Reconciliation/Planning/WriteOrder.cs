using IamOperator.Resources;
using IamOperator.Reconciliation.Desired;
using IamOperator.Reconciliation.Observed;

namespace IamOperator.Reconciliation.Planning;

/// <summary>
/// The one rule for the order of an entity's IAM writes; every plan the <see cref="Planner"/> makes
/// passes through <see cref="Arrange"/>, and a property test over random desired/observed pairs holds it:
/// <list type="number">
/// <item><see cref="WritePhase.Create"/>: the entity, created with its owner tag (a group: with its marker, bound).</item>
/// <item><see cref="WritePhase.Claim"/>: adopting, the owner tag (a group: the marker) before anything else is touched,
/// so an interrupted apply never leaves a changed entity that is not marked as ours.</item>
/// <item><see cref="WritePhase.Rename"/>: UpdateUser/UpdateGroup; every later write names the new name.</item>
/// <item><see cref="WritePhase.Remove"/>: what goes (tags, attachments, inline policies, memberships, policy
/// versions, credentials, instance profiles) before anything is added, so no quota — 50 tags, 10 managed
/// policies, 10 groups, 5 policy versions, the inline policy size — is crossed midway.</item>
/// <item><see cref="WritePhase.Change"/>: in-place changes that add nothing (role settings, trust, boundary, inline
/// policies rewritten no larger than before).</item>
/// <item><see cref="WritePhase.Add"/>: what is added or grows.</item>
/// <item><see cref="WritePhase.Release"/> then <see cref="WritePhase.Delete"/>: the group marker, bound to DeleteGroup.</item>
/// </list>
/// Within a phase the planner's order stands (IAM's DeleteUser prerequisites, CreateInstanceProfile before
/// AddRoleToInstanceProfile), and a write bound to the one before it stays right behind it.
/// </summary>
public static class WriteOrder
{
    public enum WritePhase { Create, Claim, Rename, Remove, Change, Add, Release, Delete }

    /// <summary>The actions in write order. <paramref name="observed"/> tells a shrinking inline policy from a growing one.</summary>
    public static IReadOnlyList<PlannedIamWrite> Arrange(IReadOnlyList<PlannedIamWrite> actions, ObservedEntity? observed)
    {
        var keyed = new List<(WritePhase Phase, int Index, PlannedIamWrite Action)>(actions.Count);
        for (var i = 0; i < actions.Count; i++)
        {
            var action = actions[i];
            // A bound write is one change with the write before it: it shares that write's place.
            var phase = action.BoundToPrevious && i > 0 ? keyed[i - 1].Phase : PhaseOf(action, observed);
            keyed.Add((phase, i, action));
        }
        keyed.Sort((a, b) => a.Phase != b.Phase ? a.Phase.CompareTo(b.Phase) : a.Index.CompareTo(b.Index));
        return keyed.ConvertAll(k => k.Action);
    }

    public static WritePhase PhaseOf(PlannedIamWrite action, ObservedEntity? observed) => action.Operation switch
    {
        IamOperation.CreateGroup or IamOperation.CreateUser or IamOperation.CreateRole or IamOperation.CreatePolicy => WritePhase.Create,

        IamOperation.TagUser or IamOperation.TagRole or IamOperation.TagPolicy or IamOperation.TagInstanceProfile
            when action.Tags?.Any(t => t.Key == KubernetesApiGroup.OwnerTagKey) == true => WritePhase.Claim,
        IamOperation.PutGroupPolicy when GroupOwnershipMarker.IsMarker(action.Subject ?? "") => WritePhase.Claim,

        IamOperation.UpdateUser or IamOperation.UpdateGroup => WritePhase.Rename,

        IamOperation.DeleteGroupPolicy when GroupOwnershipMarker.IsMarker(action.Subject ?? "") => WritePhase.Release,
        IamOperation.DeleteGroup or IamOperation.DeleteUser or IamOperation.DeleteRole or IamOperation.DeletePolicy => WritePhase.Delete,

        IamOperation.UntagUser or IamOperation.UntagRole or IamOperation.UntagPolicy
            or IamOperation.DetachGroupPolicy or IamOperation.DetachUserPolicy or IamOperation.DetachRolePolicy
            or IamOperation.DeleteGroupPolicy or IamOperation.DeleteUserPolicy or IamOperation.DeleteRolePolicy
            or IamOperation.RemoveUserFromGroup or IamOperation.DeletePolicyVersion
            or IamOperation.RemoveRoleFromInstanceProfile or IamOperation.DeleteInstanceProfile
            or IamOperation.DeleteLoginProfile or IamOperation.DeleteAccessKey or IamOperation.DeleteSigningCertificate
            or IamOperation.DeleteSSHPublicKey or IamOperation.DeleteServiceSpecificCredential
            or IamOperation.DeactivateMFADevice or IamOperation.DeleteVirtualMFADevice => WritePhase.Remove,

        IamOperation.UpdateRole or IamOperation.UpdateAssumeRolePolicy
            or IamOperation.PutUserPermissionsBoundary or IamOperation.DeleteUserPermissionsBoundary
            or IamOperation.PutRolePermissionsBoundary or IamOperation.DeleteRolePermissionsBoundary => WritePhase.Change,

        IamOperation.PutGroupPolicy or IamOperation.PutUserPolicy or IamOperation.PutRolePolicy
            => Grows(action, observed) ? WritePhase.Add : WritePhase.Change,

        _ => WritePhase.Add,
    };

    /// <summary>A new inline policy, or one rewritten larger than IAM holds it (IAM's quota counts the aggregate size).</summary>
    private static bool Grows(PlannedIamWrite put, ObservedEntity? observed)
    {
        var inline = observed switch
        {
            ObservedGroup group => group.InlinePolicies,
            ObservedUser user => user.InlinePolicies,
            ObservedRole role => role.InlinePolicies,
            _ => null,
        };
        if (inline is null || put.Subject is null || !inline.TryGetValue(put.Subject, out var current)) return true;
        return PolicyText.IamSize(put.Document ?? "") > PolicyText.IamSize(current);
    }
}
