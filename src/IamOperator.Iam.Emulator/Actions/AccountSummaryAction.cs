using System.Xml.Linq;
using static IamOperator.Iam.Emulator.IamXml;

namespace IamOperator.Iam.Emulator;

/// <summary>
/// GetAccountSummary (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountSummary.html):
/// the account's usage and quotas as a SummaryMap of key/value entries, the quotas from <see cref="IamQuotas"/>.
/// </summary>
internal sealed class AccountSummaryAction(IamAccount account)
{
    public void Register(ActionTable table) => table.Read("GetAccountSummary", _ => Handle());

    private XElement Handle()
    {
        var quotas = account.Quotas;
        var summary = new (string Key, int Value)[]
        {
            ("Users", account.Users.Visible().Count),
            ("UsersQuota", quotas.Users),
            ("Groups", account.Groups.Visible().Count),
            ("GroupsQuota", quotas.Groups),
            ("Roles", account.Roles.Visible().Count),
            ("RolesQuota", quotas.Roles),
            ("InstanceProfiles", account.InstanceProfiles.Visible().Count),
            ("InstanceProfilesQuota", quotas.InstanceProfiles),
            ("Policies", account.Policies.Visible().Count(p => !p.IsAwsManaged)),
            ("PoliciesQuota", quotas.CustomerManagedPolicies),
            ("PolicySizeQuota", quotas.ManagedPolicySize),
            ("PolicyVersionsInUseQuota", quotas.VersionsPerPolicy),
            ("VersionsPerPolicyQuota", quotas.VersionsPerPolicy),
            ("AttachedPoliciesPerUserQuota", quotas.ManagedPoliciesPerUser),
            ("AttachedPoliciesPerGroupQuota", quotas.ManagedPoliciesPerGroup),
            ("AttachedPoliciesPerRoleQuota", quotas.ManagedPoliciesPerRole),
            ("GroupsPerUserQuota", quotas.GroupsPerUser),
            ("AccessKeysPerUserQuota", quotas.AccessKeysPerUser),
            ("SigningCertificatesPerUserQuota", quotas.SigningCertificatesPerUser),
            ("UserPolicySizeQuota", quotas.UserInlinePolicySize),
            ("GroupPolicySizeQuota", quotas.GroupInlinePolicySize),
            ("RolePolicySizeQuota", quotas.RoleInlinePolicySize),
            ("AssumeRolePolicySizeQuota", quotas.RoleTrustPolicySize),
        };
        return Result(E("SummaryMap", summary.Select(entry => E("entry", E("key", entry.Key), E("value", entry.Value)))));
    }
}
