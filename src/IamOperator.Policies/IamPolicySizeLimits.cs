namespace IamOperator.Policies;

/// <summary>IAM's policy size quotas in non-whitespace characters ("IAM and AWS STS quotas").</summary>
public static class IamPolicySizeLimits
{
    public const int ManagedPolicy = 6_144;
    public const int UserInlineTotal = 2_048;
    public const int GroupInlineTotal = 5_120;
    public const int RoleInlineTotal = 10_240;
    public const int TrustPolicyDefault = 2_048;
}
