using IamOperator.Iam.Emulator.Tests.Support;

namespace IamOperator.Iam.Emulator.Tests;

/// <summary>https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html</summary>
public sealed class AccountAuthorizationDetailsTests
{
    [Fact]
    public async Task Returns_users_groups_roles_and_policies_with_their_relations()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await Seed(iam);

        var response = await iam.OkAsync("GetAccountAuthorizationDetails");

        Assert.Equal(["alice"], response.Values("UserDetailList/member/UserName"));
        Assert.Equal(["devs"], response.Values("UserDetailList/member/GroupList/member"));
        Assert.Equal(["inline"], response.Values("UserDetailList/member/UserPolicyList/member/PolicyName"));
        Assert.Equal(Uri.EscapeDataString(PolicyDocuments.ReadS3), response.Value("UserDetailList/member/UserPolicyList/member/PolicyDocument"));
        Assert.Equal(["team"], response.Values("UserDetailList/member/Tags/member/Key"));
        Assert.Equal(["devs"], response.Values("GroupDetailList/member/GroupName"));
        Assert.Equal(["ViewOnlyAccess"], response.Values("GroupDetailList/member/AttachedManagedPolicies/member/PolicyName"));
        Assert.Equal(["app"], response.Values("RoleDetailList/member/RoleName"));
        Assert.Equal(["app"], response.Values("RoleDetailList/member/InstanceProfileList/member/InstanceProfileName"));
        Assert.Equal(["ViewOnlyAccess", "read-s3"], response.Values("Policies/member/PolicyName").Order(StringComparer.Ordinal));
        // read-s3 is at its first version; ViewOnlyAccess at the default version AWS publishes.
        Assert.Equal(["v1", "v45"], response.Values("Policies/member/PolicyVersionList/member/VersionId").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Filter_members_select_the_entity_types()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await Seed(iam);

        var response = await iam.OkAsync("GetAccountAuthorizationDetails", ("Filter.member.1", "Role"), ("Filter.member.2", "LocalManagedPolicy"));

        Assert.Empty(response.All("UserDetailList/member"));
        Assert.Empty(response.All("GroupDetailList/member"));
        Assert.Equal(["app"], response.Values("RoleDetailList/member/RoleName"));
        Assert.Equal(["read-s3"], response.Values("Policies/member/PolicyName"));
    }

    [Fact]
    public async Task Unknown_filter_answers_ValidationError()
    {
        await using var iam = await EmulatorHarness.StartAsync();

        Assert.Equal("ValidationError", (await iam.CallAsync("GetAccountAuthorizationDetails", ("Filter.member.1", "Users"))).ErrorCode);
    }

    [Fact]
    public async Task Pages_through_every_entity_with_Marker()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await Seed(iam);
        var names = new List<string>();
        string? marker = null;
        var calls = 0;
        do
        {
            (string, string)[] parameters = marker is null ? [("MaxItems", "1")] : [("MaxItems", "1"), ("Marker", marker)];
            var page = await iam.OkAsync("GetAccountAuthorizationDetails", parameters);
            names.AddRange(page.Values("UserDetailList/member/UserName").Concat(page.Values("GroupDetailList/member/GroupName"))
                .Concat(page.Values("RoleDetailList/member/RoleName")).Concat(page.Values("Policies/member/PolicyName")));
            marker = page.Value("IsTruncated") == "true" ? page.Value("Marker") : null;
            calls++;
        }
        while (marker is not null);

        Assert.Equal(5, calls);
        Assert.Equal(["alice", "devs", "app", "read-s3", "ViewOnlyAccess"], names);
    }

    private static async Task Seed(EmulatorHarness iam)
    {
        await iam.OkAsync("CreateUser", ("UserName", "alice"), ("Tags.member.1.Key", "team"), ("Tags.member.1.Value", "a"));
        await iam.OkAsync("CreateGroup", ("GroupName", "devs"));
        await iam.OkAsync("AddUserToGroup", ("GroupName", "devs"), ("UserName", "alice"));
        await iam.OkAsync("PutUserPolicy", ("UserName", "alice"), ("PolicyName", "inline"), ("PolicyDocument", PolicyDocuments.ReadS3));
        await iam.OkAsync("AttachGroupPolicy", ("GroupName", "devs"), ("PolicyArn", "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"));
        await iam.OkAsync("CreateRole", ("RoleName", "app"), ("AssumeRolePolicyDocument", PolicyDocuments.Ec2Trust));
        await iam.OkAsync("CreateInstanceProfile", ("InstanceProfileName", "app"));
        await iam.OkAsync("AddRoleToInstanceProfile", ("InstanceProfileName", "app"), ("RoleName", "app"));
        await iam.OkAsync("CreatePolicy", ("PolicyName", "read-s3"), ("PolicyDocument", PolicyDocuments.ReadS3));
        await iam.OkAsync("AttachRolePolicy", ("RoleName", "app"), ("PolicyArn", "arn:aws:iam::123456789012:policy/read-s3"));
    }
}
