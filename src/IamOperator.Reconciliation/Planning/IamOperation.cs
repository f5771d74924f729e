using System.Text.Json.Serialization;

namespace IamOperator.Reconciliation.Planning;

/// <summary>The IAM write a <see cref="PlannedIamWrite"/> performs, named exactly as the IAM API action.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<IamOperation>))]
public enum IamOperation
{
    // The account (IamAccountPasswordPolicy)
    UpdateAccountPasswordPolicy, DeleteAccountPasswordPolicy,
    // Managed policies
    CreatePolicy, CreatePolicyVersion, DeletePolicyVersion, TagPolicy, UntagPolicy, DeletePolicy,
    // Groups
    CreateGroup, UpdateGroup, PutGroupPolicy, DeleteGroupPolicy, AttachGroupPolicy, DetachGroupPolicy, DeleteGroup,
    // Users
    CreateUser, UpdateUser, TagUser, UntagUser, PutUserPermissionsBoundary, DeleteUserPermissionsBoundary,
    PutUserPolicy, DeleteUserPolicy, AttachUserPolicy, DetachUserPolicy, AddUserToGroup, RemoveUserFromGroup,
    DeleteLoginProfile, DeleteAccessKey, DeleteSigningCertificate, DeleteSSHPublicKey, DeleteServiceSpecificCredential,
    DeactivateMFADevice, DeleteVirtualMFADevice, DeleteUser,
    // Roles
    CreateRole, UpdateRole, UpdateAssumeRolePolicy, TagRole, UntagRole, PutRolePermissionsBoundary,
    DeleteRolePermissionsBoundary, PutRolePolicy, DeleteRolePolicy, AttachRolePolicy, DetachRolePolicy, DeleteRole,
    // Instance profiles
    CreateInstanceProfile, TagInstanceProfile, AddRoleToInstanceProfile, RemoveRoleFromInstanceProfile, DeleteInstanceProfile,
}
