namespace IamOperator.Iam;

/// <summary>
/// Every IAM action the Query client can send. The operator's own IAM policy must allow exactly
/// these (the deployment tests check it), so keep this list in step with <see cref="IamQueryClient"/>.
/// </summary>
public static class IamActions
{
    public static IReadOnlyList<string> All { get; } =
    [
        // Users
        "GetUser", "CreateUser", "UpdateUser", "DeleteUser", "ListUsers",
        // Groups and membership
        "GetGroup", "CreateGroup", "UpdateGroup", "DeleteGroup", "ListGroups",
        "AddUserToGroup", "RemoveUserFromGroup", "ListGroupsForUser",
        // Roles
        "GetRole", "CreateRole", "UpdateRole", "UpdateAssumeRolePolicy", "DeleteRole", "ListRoles",
        // Permissions boundaries
        "PutUserPermissionsBoundary", "PutRolePermissionsBoundary", "DeleteUserPermissionsBoundary", "DeleteRolePermissionsBoundary",
        // Managed policies and versions
        "GetPolicy", "CreatePolicy", "DeletePolicy", "ListPolicies", "ListEntitiesForPolicy",
        "CreatePolicyVersion", "ListPolicyVersions", "GetPolicyVersion", "DeletePolicyVersion", "SetDefaultPolicyVersion",
        // Attachments
        "AttachUserPolicy", "AttachGroupPolicy", "AttachRolePolicy",
        "DetachUserPolicy", "DetachGroupPolicy", "DetachRolePolicy",
        "ListAttachedUserPolicies", "ListAttachedGroupPolicies", "ListAttachedRolePolicies",
        // Inline policies
        "PutUserPolicy", "PutGroupPolicy", "PutRolePolicy",
        "GetUserPolicy", "GetGroupPolicy", "GetRolePolicy",
        "DeleteUserPolicy", "DeleteGroupPolicy", "DeleteRolePolicy",
        "ListUserPolicies", "ListGroupPolicies", "ListRolePolicies",
        // Tags
        "TagUser", "TagRole", "TagPolicy", "TagInstanceProfile",
        "UntagUser", "UntagRole", "UntagPolicy", "UntagInstanceProfile",
        "ListUserTags", "ListRoleTags", "ListPolicyTags", "ListInstanceProfileTags",
        // Instance profiles
        "CreateInstanceProfile", "GetInstanceProfile", "DeleteInstanceProfile",
        "AddRoleToInstanceProfile", "RemoveRoleFromInstanceProfile", "ListInstanceProfilesForRole",
        // User credentials
        "CreateAccessKey", "ListAccessKeys", "UpdateAccessKey", "DeleteAccessKey",
        "GetLoginProfile", "CreateLoginProfile", "UpdateLoginProfile", "DeleteLoginProfile", "ListMFADevices", "DeactivateMFADevice", "DeleteVirtualMFADevice",
        "ListSigningCertificates", "DeleteSigningCertificate", "ListSSHPublicKeys", "DeleteSSHPublicKey",
        "ListServiceSpecificCredentials", "DeleteServiceSpecificCredential",
        // Bulk read, and the preflight of plan/apply
        "GetAccountAuthorizationDetails", "GetAccountSummary",
        // The password policy a generated console password must satisfy, and IamAccountPasswordPolicy
        "GetAccountPasswordPolicy", "UpdateAccountPasswordPolicy", "DeleteAccountPasswordPolicy",
        // Credential report: user hygiene (MFA, key age, password use) for the whole account in 2-3 calls
        "GenerateCredentialReport", "GetCredentialReport",
        // Policy simulator: verifies access checks against IAM's own evaluation
        "SimulatePrincipalPolicy", "SimulateCustomPolicy",
    ];

    /// <summary>
    /// The STS actions the client sends (on STS's endpoint, signed for <c>sts</c>). They are not IAM actions and
    /// need no permission: "No permissions are required to perform this operation"
    /// (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html), so the operator's policy names none.
    /// </summary>
    public static IReadOnlyList<string> Sts { get; } = ["GetCallerIdentity"];

    /// <summary>
    /// True for actions that change IAM; false for the Get*/List* reads, the Simulate* evaluations and
    /// GenerateCredentialReport (access level Read in IAM's service authorization reference: it changes no entity).
    /// </summary>
    public static bool IsWrite(string action) =>
        !(action.StartsWith("Get", StringComparison.Ordinal) || action.StartsWith("List", StringComparison.Ordinal)
            || action.StartsWith("Simulate", StringComparison.Ordinal) || action == "GenerateCredentialReport");

    /// <summary>Writes to the account itself: IAM has no resource type for them, so a policy can only grant them on "*".</summary>
    public static IReadOnlyList<string> AccountLevelWrites { get; } = ["UpdateAccountPasswordPolicy", "DeleteAccountPasswordPolicy"];
}
