namespace IamOperator.Iam;

/// <summary>A user, group or role: the identities that policies attach to.</summary>
public enum IamPrincipalKind { User, Group, Role }

public sealed record IamPrincipal(IamPrincipalKind Kind, string Name)
{
    public static IamPrincipal User(string name) => new(IamPrincipalKind.User, name);
    public static IamPrincipal Group(string name) => new(IamPrincipalKind.Group, name);
    public static IamPrincipal Role(string name) => new(IamPrincipalKind.Role, name);
}

/// <summary>What IAM can tag. Groups cannot be tagged.</summary>
public enum IamTaggableKind { User, Role, Policy, InstanceProfile }

/// <summary>A taggable entity: users, roles and instance profiles by name; policies by ARN.</summary>
public sealed record IamTaggable(IamTaggableKind Kind, string NameOrArn)
{
    public static IamTaggable User(string name) => new(IamTaggableKind.User, name);
    public static IamTaggable Role(string name) => new(IamTaggableKind.Role, name);
    public static IamTaggable Policy(string arn) => new(IamTaggableKind.Policy, arn);
    public static IamTaggable InstanceProfile(string name) => new(IamTaggableKind.InstanceProfile, name);
}

public sealed record IamTag(string Key, string Value);

public sealed record IamUserInfo(
    string UserName, string UserId, string Arn, string Path, DateTimeOffset CreateDate,
    string? PermissionsBoundaryArn = null, IReadOnlyList<IamTag>? Tags = null);

public sealed record IamGroupInfo(string GroupName, string GroupId, string Arn, string Path, DateTimeOffset CreateDate);

public sealed record IamRoleInfo(
    string RoleName, string RoleId, string Arn, string Path, DateTimeOffset CreateDate,
    string AssumeRolePolicyDocument, // decoded JSON of the trust policy
    string? Description, int MaxSessionDuration,
    string? PermissionsBoundaryArn = null, IReadOnlyList<IamTag>? Tags = null);

public sealed record IamManagedPolicyInfo(
    string PolicyName, string PolicyId, string Arn, string Path, string DefaultVersionId,
    int AttachmentCount, int PermissionsBoundaryUsageCount, bool IsAttachable, string? Description,
    DateTimeOffset CreateDate, DateTimeOffset UpdateDate, IReadOnlyList<IamTag>? Tags = null);

public sealed record IamPolicyVersionInfo(string VersionId, bool IsDefaultVersion, DateTimeOffset CreateDate, string? Document = null);

public sealed record AttachedPolicy(string PolicyName, string PolicyArn);

public sealed record PolicyEntities(IReadOnlyList<string> UserNames, IReadOnlyList<string> GroupNames, IReadOnlyList<string> RoleNames);

public enum PolicyScope { All, Aws, Local }

public sealed record IamInstanceProfileInfo(
    string InstanceProfileName, string InstanceProfileId, string Arn, string Path, DateTimeOffset CreateDate,
    IReadOnlyList<string> RoleNames);

public enum AccessKeyStatus { Active, Inactive }

public sealed record AccessKeyMetadata(string UserName, string AccessKeyId, AccessKeyStatus Status, DateTimeOffset CreateDate);

/// <summary>A freshly created access key. <see cref="ToString"/> never prints the secret.</summary>
public sealed record NewAccessKey(string UserName, string AccessKeyId, AccessKeyStatus Status, DateTimeOffset CreateDate, string SecretAccessKey)
{
    public override string ToString() => $"NewAccessKey {{ UserName = {UserName}, AccessKeyId = {AccessKeyId}, Status = {Status}, SecretAccessKey = *** }}";
}

public sealed record LoginProfileInfo(string UserName, DateTimeOffset CreateDate, bool PasswordResetRequired);

/// <summary>
/// The account password policy as GetAccountPasswordPolicy returns it
/// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_PasswordPolicy.html). <see cref="MaxPasswordAge"/> and
/// <see cref="PasswordReusePrevention"/> are null when the policy does not set them.
/// </summary>
public sealed record AccountPasswordPolicyInfo(
    int MinimumPasswordLength,
    bool RequireSymbols,
    bool RequireNumbers,
    bool RequireUppercaseCharacters,
    bool RequireLowercaseCharacters,
    bool AllowUsersToChangePassword,
    bool ExpirePasswords,
    int? MaxPasswordAge,
    int? PasswordReusePrevention,
    bool HardExpiry);

/// <summary>
/// The parameters of UpdateAccountPasswordPolicy (https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccountPasswordPolicy.html):
/// minimum length 6-128, maximum age 1-1095 days and reuse prevention 1-24 passwords, null for "not set".
/// </summary>
public sealed record AccountPasswordPolicySettings(
    int MinimumPasswordLength,
    bool RequireSymbols,
    bool RequireNumbers,
    bool RequireUppercaseCharacters,
    bool RequireLowercaseCharacters,
    bool AllowUsersToChangePassword,
    int? MaxPasswordAge,
    int? PasswordReusePrevention,
    bool HardExpiry)
{
    /// <summary>The settings a policy IAM holds was made with (ExpirePasswords is derived from MaxPasswordAge).</summary>
    public static AccountPasswordPolicySettings From(AccountPasswordPolicyInfo policy) => new(
        policy.MinimumPasswordLength, policy.RequireSymbols, policy.RequireNumbers, policy.RequireUppercaseCharacters,
        policy.RequireLowercaseCharacters, policy.AllowUsersToChangePassword, policy.MaxPasswordAge, policy.PasswordReusePrevention, policy.HardExpiry);
}

/// <summary>GenerateCredentialReport's State: a new report STARTED, one INPROGRESS, or one COMPLETE that GetCredentialReport returns.</summary>
public enum CredentialReportState { Started, InProgress, Complete }

/// <summary>A credential report as GetCredentialReport returns it: the content (CSV, <see cref="ReportFormat"/> text/csv) decoded from base64.</summary>
public sealed record CredentialReportContent(byte[] Content, string ReportFormat, DateTimeOffset GeneratedTime);

/// <summary>Who signed a request, as sts:GetCallerIdentity answers: the account, the principal's ARN and its unique id.</summary>
public sealed record IamCallerIdentity(string Account, string Arn, string UserId);

public sealed record MfaDeviceInfo(string UserName, string SerialNumber, DateTimeOffset EnableDate)
{
    /// <summary>
    /// A virtual device's serial number is its ARN (arn:PARTITION:iam::ACCOUNT:mfa/PATH/NAME); such a
    /// device outlives its deactivation and must be deleted with DeleteVirtualMFADevice. Hardware and
    /// FIDO serials are not of that form and only need deactivating.
    /// </summary>
    public bool IsVirtual =>
        SerialNumber.Split(':', 6) is ["arn", _, "iam", "", { Length: 12 }, var resource] && resource.StartsWith("mfa/", StringComparison.Ordinal);
}

/// <summary>
/// The status of a signing certificate, SSH public key or service-specific credential. Only
/// service-specific credentials with an expiry (Bedrock API keys) can be Expired.
/// </summary>
public enum CredentialStatus { Active, Inactive, Expired }

/// <summary>
/// A signing certificate's metadata (its public body, which IAM also lists, is not kept). IAM's
/// SigningCertificate type makes UploadDate optional, and the API reference's example omits it.
/// </summary>
public sealed record SigningCertificateMetadata(string UserName, string CertificateId, CredentialStatus Status, DateTimeOffset? UploadDate);

public sealed record SshPublicKeyMetadata(string UserName, string SshPublicKeyId, CredentialStatus Status, DateTimeOffset UploadDate);

/// <summary>A service-specific credential (e.g. Git credentials for CodeCommit); IAM lists no passwords.</summary>
public sealed record ServiceSpecificCredentialMetadata(
    string UserName, string ServiceSpecificCredentialId, string ServiceName, CredentialStatus Status, DateTimeOffset CreateDate);

public sealed record CreateUserRequest(string UserName, string? Path = null, string? PermissionsBoundaryArn = null, IReadOnlyList<IamTag>? Tags = null);

public sealed record CreateRoleRequest(
    string RoleName, string AssumeRolePolicyDocument, string? Path = null, string? Description = null,
    int? MaxSessionDurationSeconds = null, string? PermissionsBoundaryArn = null, IReadOnlyList<IamTag>? Tags = null);

public sealed record CreatePolicyRequest(string PolicyName, string PolicyDocument, string? Path = null, string? Description = null, IReadOnlyList<IamTag>? Tags = null);

/// <summary>The entity types GetAccountAuthorizationDetails returns (its Filter.member.N values).</summary>
[Flags]
public enum AccountDetailsFilter
{
    None = 0,
    User = 1,
    Role = 2,
    Group = 4,
    LocalManagedPolicy = 8,
    AwsManagedPolicy = 16,
    All = User | Role | Group | LocalManagedPolicy | AwsManagedPolicy,
}

public sealed record InlinePolicy(string PolicyName, string Document);

public sealed record UserDetail(
    IamUserInfo User, IReadOnlyList<string> GroupNames, IReadOnlyList<AttachedPolicy> AttachedPolicies,
    IReadOnlyList<InlinePolicy> InlinePolicies, IReadOnlyList<IamTag> Tags);

public sealed record GroupDetail(IamGroupInfo Group, IReadOnlyList<AttachedPolicy> AttachedPolicies, IReadOnlyList<InlinePolicy> InlinePolicies);

public sealed record RoleDetail(
    IamRoleInfo Role, IReadOnlyList<AttachedPolicy> AttachedPolicies, IReadOnlyList<InlinePolicy> InlinePolicies,
    IReadOnlyList<IamInstanceProfileInfo> InstanceProfiles, IReadOnlyList<IamTag> Tags);

public sealed record ManagedPolicyDetail(IamManagedPolicyInfo Policy, IReadOnlyList<IamPolicyVersionInfo> Versions);

public sealed record AccountAuthorizationDetails(
    IReadOnlyList<UserDetail> Users, IReadOnlyList<GroupDetail> Groups, IReadOnlyList<RoleDetail> Roles,
    IReadOnlyList<ManagedPolicyDetail> Policies);
