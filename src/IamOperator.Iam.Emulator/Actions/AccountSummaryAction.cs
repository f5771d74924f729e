using System.Xml.Linq;
using IamOperator.Iam.Emulator.Protocol;
using IamOperator.Iam.Emulator.State;
using static IamOperator.Iam.Emulator.Protocol.IamXml;

namespace IamOperator.Iam.Emulator.Actions;

/// <summary>
/// GetAccountSummary (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountSummary.html):
/// a SummaryMap of entity counts and quotas. The emulator answers the keys it models (users, groups,
/// roles, customer managed policies, instance profiles and the per-entity quotas); IAM sends more.
/// </summary>
internal sealed class AccountSummaryAction(IamAccount account)
{
    public void Register(ActionTable table) => table.Read("GetAccountSummary", Handle);

    private XElement Handle(IamRequest request)
    {
        var quotas = account.Quotas;
        (string Key, long Value)[] entries =
        [
            ("Users", account.Users.Visible().Count), ("UsersQuota", quotas.Users),
            ("Groups", account.Groups.Visible().Count), ("GroupsQuota", quotas.Groups),
            ("Roles", account.Roles.Visible().Count), ("RolesQuota", quotas.Roles),
            ("Policies", account.Policies.Visible().Count(policy => !policy.IsAwsManaged)), ("PoliciesQuota", quotas.CustomerManagedPolicies),
            ("InstanceProfiles", account.InstanceProfiles.Visible().Count), ("InstanceProfilesQuota", quotas.InstanceProfiles),
            ("GroupsPerUserQuota", quotas.GroupsPerUser), ("AccessKeysPerUserQuota", quotas.AccessKeysPerUser),
            ("SigningCertificatesPerUserQuota", quotas.SigningCertificatesPerUser),
            ("AttachedPoliciesPerUserQuota", quotas.ManagedPoliciesPerUser), ("AttachedPoliciesPerGroupQuota", quotas.ManagedPoliciesPerGroup),
            ("AttachedPoliciesPerRoleQuota", quotas.ManagedPoliciesPerRole), ("VersionsPerPolicyQuota", quotas.VersionsPerPolicy),
            ("PolicySizeQuota", quotas.ManagedPolicySize), ("UserPolicySizeQuota", quotas.UserInlinePolicySize),
            ("GroupPolicySizeQuota", quotas.GroupInlinePolicySize), ("RolePolicySizeQuota", quotas.RoleInlinePolicySize),
            ("AssumeRolePolicySizeQuota", quotas.RoleTrustPolicySize),
        ];
        return Result(E("SummaryMap", entries.Select(entry => E("entry", E("key", entry.Key), E("value", entry.Value)))));
    }
}
