namespace IamOperator.Iam;

/// <summary>
/// Every AWS IAM operation the operator performs. One implementation speaks the IAM Query API
/// (the Query-protocol client); an adapter over the official IAM SDK can replace it without
/// touching callers. List operations return every page: pagination is the implementation's job.
/// Policy documents are returned decoded (IAM URL-encodes them on the wire).
/// Failures surface as <see cref="IamApiException"/> after the implementation's own retries.
/// </summary>
public interface IIamApi
{
    // Users
    Task<IamUserInfo> GetUserAsync(string userName, CancellationToken cancellationToken);
    Task<IamUserInfo> CreateUserAsync(CreateUserRequest request, CancellationToken cancellationToken);
    Task UpdateUserAsync(string userName, string? newUserName, string? newPath, CancellationToken cancellationToken);
    Task DeleteUserAsync(string userName, CancellationToken cancellationToken);
    Task<IReadOnlyList<IamUserInfo>> ListUsersAsync(string? pathPrefix, CancellationToken cancellationToken);

    // Groups
    Task<IamGroupInfo> GetGroupAsync(string groupName, CancellationToken cancellationToken);
    Task<IamGroupInfo> CreateGroupAsync(string groupName, string? path, CancellationToken cancellationToken);
    Task UpdateGroupAsync(string groupName, string? newGroupName, string? newPath, CancellationToken cancellationToken);
    Task DeleteGroupAsync(string groupName, CancellationToken cancellationToken);
    Task<IReadOnlyList<IamGroupInfo>> ListGroupsAsync(string? pathPrefix, CancellationToken cancellationToken);

    // Group membership
    Task AddUserToGroupAsync(string groupName, string userName, CancellationToken cancellationToken);
    Task RemoveUserFromGroupAsync(string groupName, string userName, CancellationToken cancellationToken);
    Task<IReadOnlyList<IamGroupInfo>> ListGroupsForUserAsync(string userName, CancellationToken cancellationToken);
    /// <summary>GetGroup with every page of its members.</summary>
    Task<IReadOnlyList<IamUserInfo>> GetGroupMembersAsync(string groupName, CancellationToken cancellationToken);

    // Roles
    Task<IamRoleInfo> GetRoleAsync(string roleName, CancellationToken cancellationToken);
    Task<IamRoleInfo> CreateRoleAsync(CreateRoleRequest request, CancellationToken cancellationToken);
    /// <summary>UpdateRole: description and/or maximum session duration (seconds).</summary>
    Task UpdateRoleAsync(string roleName, string? description, int? maxSessionDurationSeconds, CancellationToken cancellationToken);
    Task UpdateAssumeRolePolicyAsync(string roleName, string policyDocument, CancellationToken cancellationToken);
    Task DeleteRoleAsync(string roleName, CancellationToken cancellationToken);
    Task<IReadOnlyList<IamRoleInfo>> ListRolesAsync(string? pathPrefix, CancellationToken cancellationToken);

    // Permissions boundaries (users and roles only)
    Task PutPermissionsBoundaryAsync(IamPrincipal principal, string policyArn, CancellationToken cancellationToken);
    Task DeletePermissionsBoundaryAsync(IamPrincipal principal, CancellationToken cancellationToken);

    // Customer managed policies
    Task<IamManagedPolicyInfo> GetPolicyAsync(string policyArn, CancellationToken cancellationToken);
    Task<IamManagedPolicyInfo> CreatePolicyAsync(CreatePolicyRequest request, CancellationToken cancellationToken);
    Task DeletePolicyAsync(string policyArn, CancellationToken cancellationToken);
    Task<IReadOnlyList<IamManagedPolicyInfo>> ListPoliciesAsync(PolicyScope scope, bool onlyAttached, string? pathPrefix, CancellationToken cancellationToken);
    Task<PolicyEntities> ListEntitiesForPolicyAsync(string policyArn, CancellationToken cancellationToken);

    // Policy versions (IAM keeps at most 5)
    /// <summary>
    /// Creates a version. When IAM refuses because five versions exist (LimitExceeded), the oldest
    /// non-default version is deleted and the create is tried once more.
    /// </summary>
    Task<IamPolicyVersionInfo> CreatePolicyVersionAsync(string policyArn, string policyDocument, bool setAsDefault, CancellationToken cancellationToken);
    Task<IReadOnlyList<IamPolicyVersionInfo>> ListPolicyVersionsAsync(string policyArn, CancellationToken cancellationToken);
    /// <summary>The version with its document, decoded.</summary>
    Task<IamPolicyVersionInfo> GetPolicyVersionAsync(string policyArn, string versionId, CancellationToken cancellationToken);
    Task DeletePolicyVersionAsync(string policyArn, string versionId, CancellationToken cancellationToken);
    Task SetDefaultPolicyVersionAsync(string policyArn, string versionId, CancellationToken cancellationToken);

    // Managed policy attachments (users, groups, roles)
    Task AttachPolicyAsync(IamPrincipal principal, string policyArn, CancellationToken cancellationToken);
    Task DetachPolicyAsync(IamPrincipal principal, string policyArn, CancellationToken cancellationToken);
    Task<IReadOnlyList<AttachedPolicy>> ListAttachedPoliciesAsync(IamPrincipal principal, CancellationToken cancellationToken);

    // Inline policies (users, groups, roles)
    Task PutInlinePolicyAsync(IamPrincipal principal, string policyName, string policyDocument, CancellationToken cancellationToken);
    /// <summary>The inline policy's document, decoded.</summary>
    Task<string> GetInlinePolicyAsync(IamPrincipal principal, string policyName, CancellationToken cancellationToken);
    Task DeleteInlinePolicyAsync(IamPrincipal principal, string policyName, CancellationToken cancellationToken);
    Task<IReadOnlyList<string>> ListInlinePolicyNamesAsync(IamPrincipal principal, CancellationToken cancellationToken);

    // Tags (users, roles, managed policies, instance profiles; IAM cannot tag groups)
    Task TagAsync(IamTaggable resource, IReadOnlyList<IamTag> tags, CancellationToken cancellationToken);
    Task UntagAsync(IamTaggable resource, IReadOnlyList<string> tagKeys, CancellationToken cancellationToken);
    Task<IReadOnlyList<IamTag>> ListTagsAsync(IamTaggable resource, CancellationToken cancellationToken);

    // Instance profiles
    Task<IamInstanceProfileInfo> CreateInstanceProfileAsync(string instanceProfileName, string? path, IReadOnlyList<IamTag> tags, CancellationToken cancellationToken);
    Task<IamInstanceProfileInfo> GetInstanceProfileAsync(string instanceProfileName, CancellationToken cancellationToken);
    Task DeleteInstanceProfileAsync(string instanceProfileName, CancellationToken cancellationToken);
    Task AddRoleToInstanceProfileAsync(string instanceProfileName, string roleName, CancellationToken cancellationToken);
    Task RemoveRoleFromInstanceProfileAsync(string instanceProfileName, string roleName, CancellationToken cancellationToken);
    Task<IReadOnlyList<IamInstanceProfileInfo>> ListInstanceProfilesForRoleAsync(string roleName, CancellationToken cancellationToken);

    // Credentials of users (read for deletion prerequisites and access reviews)
    /// <summary>The new key's secret is in <see cref="NewAccessKey.SecretAccessKey"/>; it is never logged.</summary>
    Task<NewAccessKey> CreateAccessKeyAsync(string userName, CancellationToken cancellationToken);
    Task<IReadOnlyList<AccessKeyMetadata>> ListAccessKeysAsync(string userName, CancellationToken cancellationToken);
    Task UpdateAccessKeyAsync(string userName, string accessKeyId, AccessKeyStatus status, CancellationToken cancellationToken);
    Task DeleteAccessKeyAsync(string userName, string accessKeyId, CancellationToken cancellationToken);
    /// <summary>Null when the user has no console password.</summary>
    Task<LoginProfileInfo?> GetLoginProfileAsync(string userName, CancellationToken cancellationToken);
    Task DeleteLoginProfileAsync(string userName, CancellationToken cancellationToken);
    /// <summary>
    /// Gives the user a console password. IAM refuses one that breaks the account password policy
    /// (<see cref="IamErrorCode.PasswordPolicyViolation"/>). The password is never logged.
    /// </summary>
    Task<LoginProfileInfo> CreateLoginProfileAsync(string userName, string password, bool passwordResetRequired, CancellationToken cancellationToken);
    /// <summary>A new password and/or a new reset flag; what is null stays as it is.</summary>
    Task UpdateLoginProfileAsync(string userName, string? password, bool? passwordResetRequired, CancellationToken cancellationToken);
    /// <summary>Null when the account has no password policy (IAM's default rules apply then).</summary>
    Task<AccountPasswordPolicyInfo?> GetAccountPasswordPolicyAsync(CancellationToken cancellationToken);
    /// <summary>
    /// UpdateAccountPasswordPolicy: replaces the whole policy (IAM has no partial update; a parameter not sent
    /// reverts to its default, so the null ones of <paramref name="policy"/> are left out and mean "not set").
    /// </summary>
    Task UpdateAccountPasswordPolicyAsync(AccountPasswordPolicySettings policy, CancellationToken cancellationToken);
    /// <summary>DeleteAccountPasswordPolicy: IAM's default rules apply again. NoSuchEntity when the account has none.</summary>
    Task DeleteAccountPasswordPolicyAsync(CancellationToken cancellationToken);
    Task<IReadOnlyList<MfaDeviceInfo>> ListMfaDevicesAsync(string userName, CancellationToken cancellationToken);
    Task DeactivateMfaDeviceAsync(string userName, string serialNumber, CancellationToken cancellationToken);
    /// <summary>Deletes a virtual MFA device (serial number = its ARN); IAM refuses while it is enabled for a user.</summary>
    Task DeleteVirtualMfaDeviceAsync(string serialNumber, CancellationToken cancellationToken);
    Task<IReadOnlyList<SigningCertificateMetadata>> ListSigningCertificatesAsync(string userName, CancellationToken cancellationToken);
    Task DeleteSigningCertificateAsync(string userName, string certificateId, CancellationToken cancellationToken);
    Task<IReadOnlyList<SshPublicKeyMetadata>> ListSshPublicKeysAsync(string userName, CancellationToken cancellationToken);
    Task DeleteSshPublicKeyAsync(string userName, string sshPublicKeyId, CancellationToken cancellationToken);
    Task<IReadOnlyList<ServiceSpecificCredentialMetadata>> ListServiceSpecificCredentialsAsync(string userName, CancellationToken cancellationToken);
    Task DeleteServiceSpecificCredentialAsync(string userName, string serviceSpecificCredentialId, CancellationToken cancellationToken);

    // Credential report (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html)
    /// <summary>GenerateCredentialReport: starts a report unless one younger than four hours exists; says how far it is.</summary>
    Task<CredentialReportState> GenerateCredentialReportAsync(CancellationToken cancellationToken);
    /// <summary>
    /// GetCredentialReport: the last generated report, its content decoded from base64. IAM answers ReportInProgress
    /// (<see cref="IamApiException.Code"/>) while it is generated, ReportNotPresent or ReportExpired when none can be read.
    /// </summary>
    Task<CredentialReportContent> GetCredentialReportAsync(CancellationToken cancellationToken);

    // Bulk read of the account (every page)
    Task<AccountAuthorizationDetails> GetAccountAuthorizationDetailsAsync(AccountDetailsFilter filter, CancellationToken cancellationToken);

    /// <summary>
    /// The account's entity counts and quotas (IAM's SummaryMap, e.g. Users, UsersQuota). One cheap read with
    /// no parameters that any identity allowed to read IAM may call: what a preflight asks to learn that IAM
    /// answers and accepts the credentials.
    /// </summary>
    Task<IReadOnlyDictionary<string, int>> GetAccountSummaryAsync(CancellationToken cancellationToken);

    /// <summary>
    /// IAM's policy simulator on a user's, group's or role's policies (a user's include its groups' and its
    /// boundary): one result per action and resource, every page. The authority on what a principal may do.
    /// </summary>
    Task<IReadOnlyList<PolicySimulationResult>> SimulatePrincipalPolicyAsync(string policySourceArn, PolicySimulationRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// sts:GetCallerIdentity: who the credentials are. Null signs with the client's own credentials; given
    /// credentials sign this one call (e.g. a new access key, to verify it works before trusting it). STS is
    /// another service: it is signed for <c>sts</c> and sent to <see cref="IamClientOptions.ResolveStsEndpoint"/>,
    /// outside IAM's rate budget. It needs no IAM permission.
    /// </summary>
    Task<IamCallerIdentity> GetCallerIdentityAsync(StaticIamCredentials? credentials, CancellationToken cancellationToken);

    /// <summary>IAM's policy simulator on the request's <see cref="PolicySimulationRequest.PolicyInputList"/> alone (at least one document).</summary>
    Task<IReadOnlyList<PolicySimulationResult>> SimulateCustomPolicyAsync(PolicySimulationRequest request, CancellationToken cancellationToken);
}
