using IamOperator.Reconciliation.Desired;
using IamOperator.Reconciliation.Observed;
using IamOperator.Resources;
using static IamOperator.Reconciliation.Planning.PlanOutcomes;

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
            DesiredGroup group => GroupPlanner.Diff(group, observed as ObservedGroup),
            DesiredUser user => UserPlanner.Diff(user, observed as ObservedUser),
            DesiredRole role => RolePlanner.Diff(role, observed as ObservedRole, references),
            DesiredPolicy policy => PolicyPlanner.Diff(policy, observed as ObservedPolicy),
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
        {
            return Plan.Blocked(id.Resource, id.Kind, id.IamName, ConditionReasons.InvalidSpec,
                $"spec.permissions.managedPolicyArns: {string.Join(", ", missing.Select(a => $"'{a}'"))} "
                + $"{(missing.Count == 1 ? "is not an AWS managed policy" : "are not AWS managed policies")} IAM has (GetPolicy: NoSuchEntity); "
                + "check the name and path (e.g. arn:aws:iam::aws:policy/job-function/ViewOnlyAccess); no IAM write made", declarationAtFault: true);
        }

        if (references.AttachedPoliciesQuota is { } quota && declared.Count > quota)
        {
            return Plan.Blocked(id.Resource, id.Kind, id.IamName, ConditionReasons.LimitExceeded,
                $"spec.permissions: {declared.Count} managed policies declared, but this account attaches at most {quota} to a {Noun(id.Kind)} "
                + $"(GetAccountSummary AttachedPoliciesPer{id.Kind}Quota; raise it with Service Quotas, or attach fewer); no IAM write made", declarationAtFault: true);
        }

        return null;
    }

    /// <summary>
    /// The writes that delete an entity, IAM's prerequisites first. Nothing when deletionPolicy is
    /// Retain, when the entity is gone, or when it is not ours (then the plan is Blocked and says why;
    /// the resource may still go away: the entity was never ours to delete).
    /// </summary>
    public static Plan DiffDeletion(EntityIdentity id, ObservedEntity? observed) => DeletionPlanner.Diff(id, observed);

    /// <summary>The tags that count against <see cref="IamLimits.TagsPerEntity"/>: those starting with <c>aws:</c> are IAM's own and do not.</summary>
    public static int CountedTags(IReadOnlyDictionary<string, string> tags) => TagPlanning.CountedTags(tags);
}
