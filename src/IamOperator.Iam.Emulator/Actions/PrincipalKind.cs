using IamOperator.Iam.Emulator.Documents;
using IamOperator.Iam.Emulator.State;

namespace IamOperator.Iam.Emulator.Actions;

/// <summary>
/// What differs between users, groups and roles for the policy actions that exist once per kind
/// (AttachUserPolicy/AttachGroupPolicy/AttachRolePolicy, PutUserPolicy/…): names, quotas, lookups.
/// </summary>
internal sealed record PrincipalKind(
    string Noun,
    int MaxNameLength,
    Func<IamAccount, string, PrincipalEntity> Require,
    Func<IamAccount, string, PrincipalEntity> Read,
    Func<IamQuotas, int> ManagedPolicyQuota,
    Func<IamQuotas, int> InlinePolicySize)
{
    public static readonly PrincipalKind User = new("User", NameRules.UserNameLength,
        (account, name) => account.RequireUser(name), (account, name) => account.ReadUser(name), quotas => quotas.ManagedPoliciesPerUser, quotas => quotas.UserInlinePolicySize);

    public static readonly PrincipalKind Group = new("Group", NameRules.GroupNameLength,
        (account, name) => account.RequireGroup(name), (account, name) => account.ReadGroup(name), quotas => quotas.ManagedPoliciesPerGroup, quotas => quotas.GroupInlinePolicySize);

    public static readonly PrincipalKind Role = new("Role", NameRules.RoleNameLength,
        (account, name) => account.RequireRole(name), (account, name) => account.ReadRole(name), quotas => quotas.ManagedPoliciesPerRole, quotas => quotas.RoleInlinePolicySize);

    public static IReadOnlyList<PrincipalKind> All { get; } = [User, Group, Role];

    /// <summary>UserName, GroupName or RoleName.</summary>
    public string NameParameter => Noun + "Name";

    public string Lower => Noun.ToLowerInvariant();
}
