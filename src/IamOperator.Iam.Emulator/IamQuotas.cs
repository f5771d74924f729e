namespace IamOperator.Iam.Emulator;

/// <summary>
/// IAM quotas the emulator enforces with <c>LimitExceeded</c>. Defaults are IAM's defaults from
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
/// </summary>
public sealed record IamQuotas
{
    public int ManagedPoliciesPerUser { get; init; } = 10;
    public int ManagedPoliciesPerGroup { get; init; } = 10;
    public int ManagedPoliciesPerRole { get; init; } = 10;
    public int GroupsPerUser { get; init; } = 10;
    public int AccessKeysPerUser { get; init; } = 2;
    public int SigningCertificatesPerUser { get; init; } = 2;
    public int SshPublicKeysPerUser { get; init; } = 5;
    /// <summary>Service-specific credentials of one user for one service.</summary>
    public int ServiceSpecificCredentialsPerService { get; init; } = 2;
    public int VersionsPerPolicy { get; init; } = 5;
    public int TagsPerResource { get; init; } = 50;
    public int RolesPerInstanceProfile { get; init; } = 1;
    public int Users { get; init; } = 5000;
    public int Groups { get; init; } = 300;
    public int Roles { get; init; } = 1000;
    public int CustomerManagedPolicies { get; init; } = 1500;
    public int InstanceProfiles { get; init; } = 1000;
    /// <summary>Managed policy document size, whitespace not counted.</summary>
    public int ManagedPolicySize { get; init; } = 6144;
    /// <summary>Aggregate size of a user's inline policies, whitespace not counted.</summary>
    public int UserInlinePolicySize { get; init; } = 2048;
    public int GroupInlinePolicySize { get; init; } = 5120;
    public int RoleInlinePolicySize { get; init; } = 10240;
    /// <summary>Role trust policy length (raisable to 8192 in real IAM).</summary>
    public int RoleTrustPolicySize { get; init; } = 2048;
}
