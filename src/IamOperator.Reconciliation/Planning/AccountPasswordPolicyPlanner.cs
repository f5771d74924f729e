using IamOperator.Iam;
using IamOperator.Policies;
using IamOperator.Resources;

namespace IamOperator.Reconciliation.Planning;

/// <summary>
/// Pure: the account password policy an <see cref="IamAccountPasswordPolicy"/> declares, the one write that makes IAM
/// hold it (UpdateAccountPasswordPolicy replaces the whole policy), and which declaration owns the account when there
/// are several.
/// </summary>
public static class AccountPasswordPolicyPlanner
{
    /// <summary>The IAM name the plan and status show: the account has one password policy and no name for it.</summary>
    public const string IamName = "password policy";

    /// <summary>What IAM is to hold: each field as declared, or IAM's default when left out.</summary>
    public static AccountPasswordPolicySettings Desired(IamAccountPasswordPolicySpec spec) => new(
        spec.MinimumPasswordLength ?? IamAccountPasswordPolicySpec.DefaultMinimumPasswordLength,
        spec.RequireSymbols ?? false,
        spec.RequireNumbers ?? false,
        spec.RequireUppercaseCharacters ?? false,
        spec.RequireLowercaseCharacters ?? false,
        spec.AllowUsersToChangePassword ?? false,
        spec.MaxPasswordAgeDays,
        spec.PasswordReusePrevention,
        spec.HardExpiry ?? false);

    /// <summary>No write when IAM holds exactly the declared policy; otherwise one UpdateAccountPasswordPolicy (a create when the account has none).</summary>
    public static Plan Diff(ResourceKey key, AccountPasswordPolicySettings desired, AccountPasswordPolicyInfo? observed)
    {
        if (observed is not null && AccountPasswordPolicySettings.From(observed) == desired)
            return Plan.NoChange(key, IamEntityKind.AccountPasswordPolicy, IamName);
        return new Plan(key, IamEntityKind.AccountPasswordPolicy, IamName, observed is null ? PlanChange.Create : PlanChange.Update,
            [new PlannedIamWrite(IamOperation.UpdateAccountPasswordPolicy, IamName) { Description = Describe(desired) }]);
    }

    /// <summary>Deletion with deletionPolicy Delete: DeleteAccountPasswordPolicy while the account has one, else nothing.</summary>
    public static Plan DiffDeletion(ResourceKey key, AccountPasswordPolicyInfo? observed) => observed is null
        ? Plan.NoChange(key, IamEntityKind.AccountPasswordPolicy, IamName)
        : new Plan(key, IamEntityKind.AccountPasswordPolicy, IamName, PlanChange.Delete, [new PlannedIamWrite(IamOperation.DeleteAccountPasswordPolicy, IamName)]);

    /// <summary>
    /// The other declarations <paramref name="self"/> conflicts with, or none when it owns the account. One account has
    /// one password policy, so of several declarations only the one created first (creationTimestamp, then name) is
    /// applied, in a cluster; declarations that carry no creation time (a folder: all arrive in one run) are all in
    /// conflict, since none of them came first.
    /// </summary>
    public static IReadOnlyList<IamAccountPasswordPolicy> ConflictsOf(IamAccountPasswordPolicy self, IEnumerable<IamAccountPasswordPolicy> declared)
    {
        var others = declared.Where(d => !string.Equals(d.Metadata.Name, self.Metadata.Name, StringComparison.Ordinal)).ToList();
        if (others.Count == 0) return [];
        if (self.Metadata.CreationTimestamp is null || others.Any(o => o.Metadata.CreationTimestamp is null)) return others;
        var first = others.Append(self)
            .OrderBy(d => d.Metadata.CreationTimestamp)
            .ThenBy(d => d.Metadata.Name, StringComparer.Ordinal)
            .First();
        return ReferenceEquals(first, self) ? [] : [first];
    }

    private static string Describe(AccountPasswordPolicySettings s) =>
        $"minimum length {s.MinimumPasswordLength}"
        + (s.RequireSymbols ? ", symbols" : "") + (s.RequireNumbers ? ", numbers" : "")
        + (s.RequireUppercaseCharacters ? ", uppercase" : "") + (s.RequireLowercaseCharacters ? ", lowercase" : "")
        + (s.MaxPasswordAge is { } age ? $", expires after {age} days" : "")
        + (s.PasswordReusePrevention is { } reuse ? $", {reuse} remembered" : "")
        + (s.HardExpiry ? ", hard expiry" : "")
        + (s.AllowUsersToChangePassword ? ", users may change their password" : "");
}
