namespace IamOperator.Resources;

/// <summary>
/// The one home of IAM's quotas and character limits the operator enforces before calling IAM, read by the
/// CRD schema, the folder-mode validator and the reconciler
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html and the IAM API reference).
/// Policy document sizes are not here but in IamOperator.Policies.IamPolicySizeLimits, beside the policy
/// grammar: they are measured on the parsed document. The limit of five versions per managed policy is
/// IamOperator.Iam.IamQueryClient.MaxPolicyVersions: the IAM client needs it and cannot reference this project.
/// </summary>
public static class IamLimits
{
    /// <summary>User and role names (CreateUser UserName, CreateRole RoleName).</summary>
    public const int ShortNameMaxLength = 64;

    /// <summary>Group, managed policy and inline policy names.</summary>
    public const int LongNameMaxLength = 128;

    public const int PathMaxLength = 512;

    public const int ArnMinLength = 20;
    public const int ArnMaxLength = 2048;

    /// <summary>Role and policy descriptions.</summary>
    public const int DescriptionMaxLength = 1000;

    public const int TagValueMaxLength = 256;

    /// <summary>Tags per user, role or policy, the operator's owner tag included.</summary>
    public const int TagsPerEntity = 50;

    public const int GroupsPerUser = 10;

    /// <summary>Managed policies attached to one user, group or role: 10 by default, raisable to 20; the account's actual quota is IAM's to enforce.</summary>
    public const int ManagedPoliciesPerEntity = 20;

    /// <summary>
    /// The default of that quota (10). An account's quota is never below it, so a plan attaching no more than this
    /// many needs no read of the account's actual quota (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
    /// </summary>
    public const int DefaultManagedPoliciesPerEntityQuota = 10;

    /// <summary>
    /// IAM's default account-wide entity quotas (users, groups, roles, customer managed policies). An account's quota is
    /// never below its default, so a folder whose creations keep each count within these needs no read of the account's
    /// actual quotas (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
    /// </summary>
    public const int DefaultUsersQuota = 5000;
    public const int DefaultGroupsQuota = 300;
    public const int DefaultRolesQuota = 1000;
    public const int DefaultCustomerManagedPoliciesQuota = 1500;

    /// <summary>Action names IAM's policy simulator takes (SimulatePrincipalPolicy ActionNames: ActionNameType, 3 to 128 characters).</summary>
    public const int ActionNameMaxLength = 128;
    /// <summary>UpdateAccountPasswordPolicy's ranges: minimum length 6-128, maximum age up to 1095 days, reuse prevention up to 24.</summary>
    public const int MinPasswordLength = 6;
    public const int MaxPasswordLength = 128;
    public const int MaxPasswordAgeDays = 1095;
    public const int MaxPasswordReusePrevention = 24;

    public const int MinSessionDurationSeconds = 3600;
    public const int MaxSessionDurationSeconds = 43200;
}
