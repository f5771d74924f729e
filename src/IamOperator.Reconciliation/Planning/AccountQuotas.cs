using IamOperator.Policies;
using IamOperator.Resources;

namespace IamOperator.Reconciliation.Planning;

/// <summary>
/// The account-wide entity quotas (users, groups, roles, customer managed policies) against what a whole
/// plan creates. IAM enforces them one CreateUser/CreateGroup/CreateRole/CreatePolicy at a time, so a plan
/// over a quota would write until IAM refuses midway; judged up front, the creations of that kind are all
/// refused before the first write and the rest of the plan still applies. Which of several new entities
/// should get the last free places is not the operator's to choose, so none of them does.
/// </summary>
public static class AccountQuotas
{
    /// <summary>The count and quota keys of GetAccountSummary's SummaryMap for each kind.</summary>
    public static (string Count, string Quota) SummaryKeys(IamEntityKind kind) => kind switch
    {
        IamEntityKind.User => ("Users", "UsersQuota"),
        IamEntityKind.Group => ("Groups", "GroupsQuota"),
        IamEntityKind.Role => ("Roles", "RolesQuota"),
        _ => ("Policies", "PoliciesQuota"),
    };

    /// <summary>IAM's default quota of the kind (<see cref="IamLimits"/>): no account's quota is lower.</summary>
    public static int DefaultQuota(IamEntityKind kind) => kind switch
    {
        IamEntityKind.User => IamLimits.DefaultUsersQuota,
        IamEntityKind.Group => IamLimits.DefaultGroupsQuota,
        IamEntityKind.Role => IamLimits.DefaultRolesQuota,
        _ => IamLimits.DefaultCustomerManagedPoliciesQuota,
    };

    /// <summary>
    /// True when the account's actual quotas must be read: some kind's count plus its creations exceeds IAM's
    /// default quota for it. Otherwise no plan can cross a quota and the read (one GetAccountSummary) is saved.
    /// </summary>
    public static bool NeedsAccountSummary(Func<IamEntityKind, int> count, IEnumerable<(ResourceKey Resource, IamEntityKind Kind)> creations)
    {
        ArgumentNullException.ThrowIfNull(count);
        ArgumentNullException.ThrowIfNull(creations);
        return creations.Distinct().GroupBy(c => c.Kind).Any(kind => count(kind.Key) + kind.Count() > DefaultQuota(kind.Key));
    }

    /// <summary>
    /// For every planned creation of a kind whose creations together would cross the account's quota, the
    /// blocker that refuses it (invalid input: the declaration asks for more than the account holds). Kinds
    /// the summary does not report are not judged: IAM still enforces them.
    /// </summary>
    public static IReadOnlyDictionary<ResourceKey, PlanBlocker> Refused(
        IReadOnlyDictionary<string, int> accountSummary, IEnumerable<(ResourceKey Resource, IamEntityKind Kind)> creations)
    {
        ArgumentNullException.ThrowIfNull(accountSummary);
        ArgumentNullException.ThrowIfNull(creations);
        var refused = new Dictionary<ResourceKey, PlanBlocker>();
        foreach (var kind in creations.Distinct().GroupBy(c => c.Kind))
        {
            var (countKey, quotaKey) = SummaryKeys(kind.Key);
            if (!accountSummary.TryGetValue(countKey, out var count) || !accountSummary.TryGetValue(quotaKey, out var quota)) continue;
            var created = kind.Select(c => c.Resource).Order(ResourceKeyOrder.Instance).ToList();
            if (count + created.Count <= quota) continue;
            var noun = Noun(kind.Key);
            var message = $"the account holds {count} {noun} of its quota of {quota} (GetAccountSummary {countKey}/{quotaKey}) and this plan creates "
                + $"{created.Count} ({string.Join(", ", created)}), {count + created.Count - quota} more than fit; none of them is created, so IAM does not "
                + $"refuse one midway. Raise {quotaKey} with Service Quotas, delete {noun} no longer needed, or declare fewer; no IAM write made";
            foreach (var resource in created) refused[resource] = new PlanBlocker(ConditionReasons.LimitExceeded, message, DeclarationAtFault: true);
        }
        return refused;
    }

    private static string Noun(IamEntityKind kind) => kind switch
    {
        IamEntityKind.User => "IAM users",
        IamEntityKind.Group => "IAM groups",
        IamEntityKind.Role => "IAM roles",
        _ => "customer managed policies",
    };

    private sealed class ResourceKeyOrder : IComparer<ResourceKey>
    {
        public static ResourceKeyOrder Instance { get; } = new();

        public int Compare(ResourceKey x, ResourceKey y) => string.CompareOrdinal(x.ToString(), y.ToString());
    }
}
