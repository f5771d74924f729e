using IamOperator.Iam.Emulator.State;
using static IamOperator.Iam.Emulator.Protocol.IamXml;

namespace IamOperator.Iam.Emulator.Protocol;

/// <summary>
/// IAM's data types as XML (https://docs.aws.amazon.com/IAM/latest/APIReference/API_Types.html).
/// List calls return a subset of the attributes: no tags, boundaries or descriptions.
/// </summary>
internal static class Shapes
{
    public static object?[] User(UserEntity user, bool withDetails) =>
    [
        E("Path", user.Path), E("UserName", user.Name), E("UserId", user.Id), E("Arn", user.Arn), E("CreateDate", Date(user.CreateDate)),
        withDetails ? Boundary(user.PermissionsBoundaryArn) : null,
        withDetails && user.Tags.Count > 0 ? Tags(user.Tags.All) : null,
    ];

    public static object?[] Group(GroupEntity group) =>
        [E("Path", group.Path), E("GroupName", group.Name), E("GroupId", group.Id), E("Arn", group.Arn), E("CreateDate", Date(group.CreateDate))];

    public static object?[] Role(RoleEntity role, bool withDetails) =>
    [
        E("Path", role.Path), E("RoleName", role.Name), E("RoleId", role.Id), E("Arn", role.Arn), E("CreateDate", Date(role.CreateDate)),
        E("AssumeRolePolicyDocument", Document(role.AssumeRolePolicyDocument)),
        Opt("Description", role.Description),
        E("MaxSessionDuration", role.MaxSessionDuration),
        withDetails ? Boundary(role.PermissionsBoundaryArn) : null,
        withDetails && role.Tags.Count > 0 ? Tags(role.Tags.All) : null,
        withDetails ? E("RoleLastUsed") : null,
    ];

    public static object?[] Policy(IamAccount account, ManagedPolicyEntity policy, bool withDetails) =>
    [
        E("PolicyName", policy.Name), E("PolicyId", policy.Id), E("Arn", policy.Arn), E("Path", policy.Path),
        E("DefaultVersionId", policy.DefaultVersion.VersionId),
        E("AttachmentCount", account.AttachmentCount(policy)),
        E("PermissionsBoundaryUsageCount", account.PermissionsBoundaryUsageCount(policy)),
        E("IsAttachable", Bool(policy.IsAttachable)),
        withDetails ? Opt("Description", policy.Description) : null,
        E("CreateDate", Date(policy.CreateDate)), E("UpdateDate", Date(policy.UpdateDate)),
        withDetails && policy.Tags.Count > 0 ? Tags(policy.Tags.All) : null,
    ];

    public static object?[] PolicyVersion(PolicyVersionEntry version, bool withDocument) =>
    [
        withDocument ? E("Document", Document(version.Document)) : null,
        E("VersionId", version.VersionId), E("IsDefaultVersion", Bool(version.IsDefault)), E("CreateDate", Date(version.CreateDate)),
    ];

    public static object?[] InstanceProfile(InstanceProfileEntity profile, bool withTags) =>
    [
        E("Path", profile.Path), E("InstanceProfileName", profile.Name), E("InstanceProfileId", profile.Id), E("Arn", profile.Arn),
        E("CreateDate", Date(profile.CreateDate)),
        Members("Roles", profile.Roles.Select(role => Role(role, withDetails: false))),
        withTags && profile.Tags.Count > 0 ? Tags(profile.Tags.All) : null,
    ];

    public static object?[] AttachedPolicy(IamAccount account, string arn) =>
        [E("PolicyName", account.Policies.ExistingIgnoringDelay(arn)?.Name ?? arn[(arn.LastIndexOf('/') + 1)..]), E("PolicyArn", arn)];

    public static object?[] AccessKeyMetadata(UserEntity user, AccessKeyEntry key) =>
        [E("UserName", user.Name), E("AccessKeyId", key.AccessKeyId), E("Status", key.Status), E("CreateDate", Date(key.CreateDate))];

    private static object? Boundary(string? arn) =>
        arn is null ? null : E("PermissionsBoundary", E("PermissionsBoundaryType", "PermissionsBoundaryPolicy"), E("PermissionsBoundaryArn", arn));
}
