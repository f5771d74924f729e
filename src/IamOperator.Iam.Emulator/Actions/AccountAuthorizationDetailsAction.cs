using System.Xml.Linq;
using IamOperator.Iam.Emulator.Protocol;
using IamOperator.Iam.Emulator.State;
using static IamOperator.Iam.Emulator.Protocol.IamXml;

namespace IamOperator.Iam.Emulator.Actions;

/// <summary>
/// GetAccountAuthorizationDetails (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html):
/// users, groups, roles and managed policies with memberships, attachments, inline policies and
/// tags, filtered by <c>Filter.member.N</c> and paginated as one list. AWS managed policies are
/// listed only when attached in the account, as IAM does.
/// </summary>
internal sealed class AccountAuthorizationDetailsAction(IamAccount account)
{
    private static readonly string[] Filters = ["User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy"];

    public void Register(ActionTable table) => table.Read("GetAccountAuthorizationDetails", Handle);

    private XElement Handle(IamRequest request)
    {
        var filters = request.Members("Filter");
        foreach (var filter in filters.Where(filter => !Filters.Contains(filter, StringComparer.Ordinal)))
        {
            throw IamError.Validation("filter", filter, "Member must satisfy enum value set: [User, Role, Group, LocalManagedPolicy, AWSManagedPolicy]").ToException();
        }

        bool Wanted(string filter) => filters.Count == 0 || filters.Contains(filter, StringComparer.Ordinal);

        // Content is built for the page's entries only: building every entity's for each page made a read of a
        // 10,000-entity account take minutes (each page's work grew with the whole account, its pages with it too).
        var entries = new List<(string Key, string Section, Func<object?[]> Content)>();
        if (Wanted("User"))
        {
            entries.AddRange(account.Users.Visible().Select(user => ("1:" + user.Name, "UserDetailList", (Func<object?[]>)(() => User(user)))));
        }

        if (Wanted("Group"))
        {
            entries.AddRange(account.Groups.Visible().Select(group => ("2:" + group.Name, "GroupDetailList", (Func<object?[]>)(() => Group(group)))));
        }

        if (Wanted("Role"))
        {
            entries.AddRange(account.Roles.Visible().Select(role => ("3:" + role.Name, "RoleDetailList", (Func<object?[]>)(() => Role(role)))));
        }

        var policies = account.Policies.Visible()
            .Where(policy => policy.IsAwsManaged
                ? Wanted("AWSManagedPolicy") && account.AttachmentCount(policy) + account.PermissionsBoundaryUsageCount(policy) > 0
                : Wanted("LocalManagedPolicy"));
        entries.AddRange(policies.Select(policy => ("4:" + policy.Arn, "Policies", (Func<object?[]>)(() => Policy(policy)))));

        var page = Pagination.Of(request, entries, entry => entry.Key);
        XElement Section(string name) => Members(name, page.Items.Where(item => item.Section == name).Select(item => (object?)item.Content()));
        return Result(Section("UserDetailList"), Section("GroupDetailList"), Section("RoleDetailList"), Section("Policies"), page.Footer());
    }

    private object?[] User(UserEntity user) =>
    [
        E("Path", user.Path), E("UserName", user.Name), E("UserId", user.Id), E("Arn", user.Arn), E("CreateDate", Date(user.CreateDate)),
        Inline("UserPolicyList", user),
        Members("GroupList", account.GroupsOf(user).Select(group => (object?)group.Name)),
        Attached(user),
        user.PermissionsBoundaryArn is null ? null : E("PermissionsBoundary", E("PermissionsBoundaryType", "PermissionsBoundaryPolicy"), E("PermissionsBoundaryArn", user.PermissionsBoundaryArn)),
        Tags(user.Tags.All),
    ];

    private object?[] Group(GroupEntity group) =>
    [
        E("Path", group.Path), E("GroupName", group.Name), E("GroupId", group.Id), E("Arn", group.Arn), E("CreateDate", Date(group.CreateDate)),
        Inline("GroupPolicyList", group),
        Attached(group),
    ];

    private object?[] Role(RoleEntity role) =>
    [
        E("Path", role.Path), E("RoleName", role.Name), E("RoleId", role.Id), E("Arn", role.Arn), E("CreateDate", Date(role.CreateDate)),
        E("AssumeRolePolicyDocument", Document(role.AssumeRolePolicyDocument)),
        Members("InstanceProfileList", account.InstanceProfiles.All.Where(profile => profile.Roles.Contains(role)).Select(profile => (object?)Shapes.InstanceProfile(profile, withTags: false))),
        Inline("RolePolicyList", role),
        Attached(role),
        role.PermissionsBoundaryArn is null ? null : E("PermissionsBoundary", E("PermissionsBoundaryType", "PermissionsBoundaryPolicy"), E("PermissionsBoundaryArn", role.PermissionsBoundaryArn)),
        Tags(role.Tags.All),
        E("RoleLastUsed"),
    ];

    private object?[] Policy(ManagedPolicyEntity policy) =>
    [
        E("PolicyName", policy.Name), E("PolicyId", policy.Id), E("Arn", policy.Arn), E("Path", policy.Path),
        E("DefaultVersionId", policy.DefaultVersion.VersionId),
        E("AttachmentCount", account.AttachmentCount(policy)),
        E("PermissionsBoundaryUsageCount", account.PermissionsBoundaryUsageCount(policy)),
        E("IsAttachable", Bool(policy.IsAttachable)),
        Opt("Description", policy.Description),
        E("CreateDate", Date(policy.CreateDate)), E("UpdateDate", Date(policy.UpdateDate)),
        Members("PolicyVersionList", policy.Versions.Select(version => (object?)Shapes.PolicyVersion(version, withDocument: true))),
    ];

    private static XElement Inline(string name, PrincipalEntity principal) =>
        Members(name, principal.InlinePolicies.Select(policy => (object?)new object[] { E("PolicyName", policy.Name), E("PolicyDocument", Document(policy.Document)) }));

    private XElement Attached(PrincipalEntity principal) =>
        Members("AttachedManagedPolicies", principal.AttachedPolicyArns.Select(arn => (object?)Shapes.AttachedPolicy(account, arn)));
}
