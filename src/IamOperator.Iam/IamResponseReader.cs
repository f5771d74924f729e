using System.Xml.Linq;

namespace IamOperator.Iam;

/// <summary>Turns the XML elements of IAM responses into the client's models.</summary>
internal static class IamResponseReader
{
    public static IReadOnlyList<IamTag> Tags(XElement parent, string listName = "Tags") =>
        [.. parent.Members(listName).Select(m => new IamTag(m.Required("Key"), m.Text("Value") ?? ""))];

    private static string? BoundaryArn(XElement parent) => parent.Child("PermissionsBoundary")?.Text("PermissionsBoundaryArn");

    public static IamUserInfo User(XElement user) => new(
        user.Required("UserName"), user.Required("UserId"), user.Required("Arn"), user.Text("Path") ?? "/", user.Date("CreateDate"),
        BoundaryArn(user), user.Child("Tags") is null ? null : Tags(user));

    public static IamGroupInfo Group(XElement group) => new(
        group.Required("GroupName"), group.Required("GroupId"), group.Required("Arn"), group.Text("Path") ?? "/", group.Date("CreateDate"));

    /// <summary>
    /// A role. GetAccountAuthorizationDetails and instance profiles omit Description and
    /// MaxSessionDuration; they read as null and 0 there.
    /// </summary>
    public static IamRoleInfo Role(XElement role) => new(
        role.Required("RoleName"), role.Required("RoleId"), role.Required("Arn"), role.Text("Path") ?? "/", role.Date("CreateDate"),
        role.Document("AssumeRolePolicyDocument") ?? "", role.Text("Description"), role.Int("MaxSessionDuration") ?? 0,
        BoundaryArn(role), role.Child("Tags") is null ? null : Tags(role));

    public static IamManagedPolicyInfo Policy(XElement policy) => new(
        policy.Required("PolicyName"), policy.Required("PolicyId"), policy.Required("Arn"), policy.Text("Path") ?? "/",
        policy.Text("DefaultVersionId") ?? "", policy.Int("AttachmentCount") ?? 0, policy.Int("PermissionsBoundaryUsageCount") ?? 0,
        policy.Text("IsAttachable") is null || policy.Flag("IsAttachable"), policy.Text("Description"),
        policy.Date("CreateDate"), policy.OptionalDate("UpdateDate") ?? policy.Date("CreateDate"),
        policy.Child("Tags") is null ? null : Tags(policy));

    public static IamPolicyVersionInfo PolicyVersion(XElement version) => new(
        version.Required("VersionId"), version.Flag("IsDefaultVersion"), version.Date("CreateDate"), version.Document("Document"));

    public static AttachedPolicy AttachedPolicy(XElement attached) => new(attached.Required("PolicyName"), attached.Required("PolicyArn"));

    public static IamInstanceProfileInfo InstanceProfile(XElement profile) => new(
        profile.Required("InstanceProfileName"), profile.Required("InstanceProfileId"), profile.Required("Arn"),
        profile.Text("Path") ?? "/", profile.Date("CreateDate"),
        [.. profile.Members("Roles").Select(r => r.Required("RoleName"))]);

    public static AccessKeyMetadata AccessKey(XElement key) => new(
        key.Required("UserName"), key.Required("AccessKeyId"), Status(key.Required("Status")), key.Date("CreateDate"));

    public static NewAccessKey NewAccessKey(XElement key) => new(
        key.Required("UserName"), key.Required("AccessKeyId"), Status(key.Required("Status")), key.Date("CreateDate"),
        key.Required("SecretAccessKey"));

    public static AccessKeyStatus Status(string status) => status switch
    {
        "Active" => AccessKeyStatus.Active,
        "Inactive" => AccessKeyStatus.Inactive,
        _ => throw new FormatException($"IAM returned an access key status '{status}'; expected Active or Inactive."),
    };

    public static LoginProfileInfo LoginProfile(XElement profile) =>
        new(profile.Required("UserName"), profile.Date("CreateDate"), profile.Flag("PasswordResetRequired"));

    public static AccountPasswordPolicyInfo PasswordPolicy(XElement policy) => new(
        policy.Int("MinimumPasswordLength") ?? 6, policy.Flag("RequireSymbols"), policy.Flag("RequireNumbers"),
        policy.Flag("RequireUppercaseCharacters"), policy.Flag("RequireLowercaseCharacters"), policy.Flag("AllowUsersToChangePassword"),
        policy.Flag("ExpirePasswords"), policy.Int("MaxPasswordAge"), policy.Int("PasswordReusePrevention"), policy.Flag("HardExpiry"));

    public static IamCallerIdentity CallerIdentity(XElement result) =>
        new(result.Required("Account"), result.Required("Arn"), result.Required("UserId"));

    public static MfaDeviceInfo MfaDevice(XElement device) =>
        new(device.Required("UserName"), device.Required("SerialNumber"), device.Date("EnableDate"));

    public static SigningCertificateMetadata SigningCertificate(XElement certificate) => new(
        certificate.Required("UserName"), certificate.Required("CertificateId"), CredentialStatus(certificate.Required("Status")), certificate.OptionalDate("UploadDate"));

    public static SshPublicKeyMetadata SshPublicKey(XElement key) => new(
        key.Required("UserName"), key.Required("SSHPublicKeyId"), CredentialStatus(key.Required("Status")), key.Date("UploadDate"));

    public static ServiceSpecificCredentialMetadata ServiceSpecificCredential(XElement credential) => new(
        credential.Required("UserName"), credential.Required("ServiceSpecificCredentialId"), credential.Required("ServiceName"),
        CredentialStatus(credential.Required("Status")), credential.Date("CreateDate"));

    public static CredentialStatus CredentialStatus(string status) => status switch
    {
        "Active" => Iam.CredentialStatus.Active,
        "Inactive" => Iam.CredentialStatus.Inactive,
        "Expired" => Iam.CredentialStatus.Expired,
        _ => throw new FormatException($"IAM returned a credential status '{status}'; expected Active, Inactive or Expired."),
    };

    private static IReadOnlyList<InlinePolicy> InlinePolicies(XElement parent, string listName) =>
        [.. parent.Members(listName).Select(p => new InlinePolicy(p.Required("PolicyName"), p.Document("PolicyDocument") ?? ""))];

    private static IReadOnlyList<AttachedPolicy> Attached(XElement parent) =>
        [.. parent.Members("AttachedManagedPolicies").Select(AttachedPolicy)];

    public static UserDetail UserDetail(XElement user) => new(
        User(user), [.. user.Members("GroupList").Select(g => g.Value)], Attached(user), InlinePolicies(user, "UserPolicyList"), Tags(user));

    public static GroupDetail GroupDetail(XElement group) => new(Group(group), Attached(group), InlinePolicies(group, "GroupPolicyList"));

    public static RoleDetail RoleDetail(XElement role) => new(
        Role(role), Attached(role), InlinePolicies(role, "RolePolicyList"),
        [.. role.Members("InstanceProfileList").Select(InstanceProfile)], Tags(role));

    public static ManagedPolicyDetail ManagedPolicyDetail(XElement policy) =>
        new(Policy(policy), [.. policy.Members("PolicyVersionList").Select(PolicyVersion)]);

    public static PolicySimulationResult SimulationResult(XElement result) =>
        new(
            result.Required("EvalActionName"),
            result.Text("EvalResourceName") ?? "*",
            result.Required("EvalDecision") switch
            {
                "allowed" => SimulationDecision.Allowed,
                "explicitDeny" => SimulationDecision.ExplicitDeny,
                "implicitDeny" => SimulationDecision.ImplicitDeny,
                var other => throw new FormatException($"IAM answered the unknown EvalDecision {other}."),
            },
            [.. result.Members("MatchedStatements").Select(statement => new SimulationMatchedStatement(
                statement.Text("SourcePolicyId"), statement.Text("SourcePolicyType"), Position(statement, "StartPosition"), Position(statement, "EndPosition")))],
            // With ResourceArns given, IAM lists the missing keys per resource under ResourceSpecificResults
            // (API_EvaluationResult, MissingContextValues); either way they are this result's missing keys.
            [.. result.Members("MissingContextValues")
                .Concat(result.Members("ResourceSpecificResults").SelectMany(specific => specific.Members("MissingContextValues")))
                .Select(key => key.Value).Distinct(StringComparer.OrdinalIgnoreCase)],
            result.Child("PermissionsBoundaryDecisionDetail") is { } boundary ? boundary.Flag("AllowedByPermissionsBoundary") : null,
            result.Child("OrganizationsDecisionDetail") is { } organizations ? organizations.Flag("AllowedByOrganizations") : null);

    /// <summary>IAM's ContextKeyType spelling: lower camel case (stringList, ipList).</summary>
    public static string ContextKeyTypeName(SimulationContextKeyType type)
    {
        var name = type.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    private static SimulationPosition? Position(XElement statement, string name) =>
        statement.Child(name) is { } position && position.Int("Line") is { } line && position.Int("Column") is { } column
            ? new SimulationPosition(line, column)
            : null;
}
