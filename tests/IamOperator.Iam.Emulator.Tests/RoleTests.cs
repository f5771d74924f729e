using IamOperator.Iam.Emulator.Tests.Support;

namespace IamOperator.Iam.Emulator.Tests;

/// <summary>Roles: https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html and neighbours.</summary>
public sealed class RoleTests
{
    [Fact]
    public async Task CreateRole_returns_AROA_id_ARN_and_the_trust_policy_URL_encoded()
    {
        await using var iam = await EmulatorHarness.StartAsync();

        var response = await iam.OkAsync("CreateRole", ("RoleName", "app"), ("Path", "/service/"), ("AssumeRolePolicyDocument", PolicyDocuments.Ec2Trust));

        Assert.Matches("^AROA[A-Z2-7]{17}$", response.Value("Role/RoleId"));
        Assert.Equal("arn:aws:iam::123456789012:role/service/app", response.Value("Role/Arn"));
        Assert.Equal(Uri.EscapeDataString(PolicyDocuments.Ec2Trust), response.Value("Role/AssumeRolePolicyDocument"));
        Assert.StartsWith("%7B%22Version%22", response.Value("Role/AssumeRolePolicyDocument"));
        Assert.Equal("3600", response.Value("Role/MaxSessionDuration"));
    }

    [Fact]
    public async Task Trust_policy_without_a_principal_answers_MalformedPolicyDocument()
    {
        await using var iam = await EmulatorHarness.StartAsync();

        var response = await iam.CallAsync("CreateRole", ("RoleName", "app"), ("AssumeRolePolicyDocument", PolicyDocuments.ReadS3));

        Assert.Equal(400, response.Status);
        Assert.Equal("MalformedPolicyDocument", response.ErrorCode);
    }

    [Fact]
    public async Task Trust_policy_with_a_non_STS_action_answers_MalformedPolicyDocument()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        const string trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"s3:GetObject"}]}""";

        var response = await iam.CallAsync("CreateRole", ("RoleName", "app"), ("AssumeRolePolicyDocument", trust));

        Assert.Equal("MalformedPolicyDocument", response.ErrorCode);
        Assert.Contains("AssumeRole", response.ErrorMessage);
    }

    [Fact]
    public async Task Trust_policy_larger_than_2048_characters_answers_LimitExceeded()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        var trust = PolicyDocuments.Ec2Trust.Replace("ec2.amazonaws.com", new string('e', 2048) + ".amazonaws.com", StringComparison.Ordinal);

        Assert.Equal("LimitExceeded", (await iam.CallAsync("CreateRole", ("RoleName", "app"), ("AssumeRolePolicyDocument", trust))).ErrorCode);
    }

    [Theory]
    [InlineData("3599")]
    [InlineData("43201")]
    public async Task MaxSessionDuration_outside_3600_to_43200_answers_ValidationError(string seconds)
    {
        await using var iam = await EmulatorHarness.StartAsync();

        var response = await iam.CallAsync("CreateRole", ("RoleName", "app"), ("AssumeRolePolicyDocument", PolicyDocuments.Ec2Trust), ("MaxSessionDuration", seconds));

        Assert.Equal("ValidationError", response.ErrorCode);
    }

    [Fact]
    public async Task UpdateRole_and_UpdateAssumeRolePolicy_change_what_GetRole_returns()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateRole", ("RoleName", "app"), ("AssumeRolePolicyDocument", PolicyDocuments.Ec2Trust));
        var lambdaTrust = PolicyDocuments.Ec2Trust.Replace("ec2", "lambda", StringComparison.Ordinal);

        await iam.OkAsync("UpdateRole", ("RoleName", "app"), ("Description", "runs the app"), ("MaxSessionDuration", "7200"));
        await iam.OkAsync("UpdateAssumeRolePolicy", ("RoleName", "app"), ("PolicyDocument", lambdaTrust));

        var role = await iam.OkAsync("GetRole", ("RoleName", "app"));
        Assert.Equal("runs the app", role.Value("Role/Description"));
        Assert.Equal("7200", role.Value("Role/MaxSessionDuration"));
        Assert.Equal(lambdaTrust, Uri.UnescapeDataString(role.Value("Role/AssumeRolePolicyDocument")!));
    }

    [Fact]
    public async Task UpdateAssumeRolePolicy_with_an_identity_policy_answers_MalformedPolicyDocument()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateRole", ("RoleName", "app"), ("AssumeRolePolicyDocument", PolicyDocuments.Ec2Trust));

        Assert.Equal("MalformedPolicyDocument", (await iam.CallAsync("UpdateAssumeRolePolicy", ("RoleName", "app"), ("PolicyDocument", PolicyDocuments.ReadS3))).ErrorCode);
    }

    [Fact]
    public async Task Role_names_are_unique_ignoring_case()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateRole", ("RoleName", "App"), ("AssumeRolePolicyDocument", PolicyDocuments.Ec2Trust));

        Assert.Equal("EntityAlreadyExists", (await iam.CallAsync("CreateRole", ("RoleName", "app"), ("AssumeRolePolicyDocument", PolicyDocuments.Ec2Trust))).ErrorCode);
    }

    [Fact]
    public async Task DeleteRole_answers_DeleteConflict_for_each_remaining_dependent()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateRole", ("RoleName", "app"), ("AssumeRolePolicyDocument", PolicyDocuments.Ec2Trust));
        await iam.OkAsync("CreateInstanceProfile", ("InstanceProfileName", "app"));
        await iam.OkAsync("AddRoleToInstanceProfile", ("InstanceProfileName", "app"), ("RoleName", "app"));
        await iam.OkAsync("PutRolePolicy", ("RoleName", "app"), ("PolicyName", "inline"), ("PolicyDocument", PolicyDocuments.ReadS3));
        await iam.OkAsync("AttachRolePolicy", ("RoleName", "app"), ("PolicyArn", "arn:aws:iam::aws:policy/ReadOnlyAccess"));

        Assert.Contains("instance profile", (await iam.CallAsync("DeleteRole", ("RoleName", "app"))).ErrorMessage);
        await iam.OkAsync("RemoveRoleFromInstanceProfile", ("InstanceProfileName", "app"), ("RoleName", "app"));
        Assert.Contains("delete policies", (await iam.CallAsync("DeleteRole", ("RoleName", "app"))).ErrorMessage);
        await iam.OkAsync("DeleteRolePolicy", ("RoleName", "app"), ("PolicyName", "inline"));
        var attached = await iam.CallAsync("DeleteRole", ("RoleName", "app"));
        Assert.Equal("DeleteConflict", attached.ErrorCode);
        Assert.Contains("detach", attached.ErrorMessage);
        await iam.OkAsync("DetachRolePolicy", ("RoleName", "app"), ("PolicyArn", "arn:aws:iam::aws:policy/ReadOnlyAccess"));
        await iam.OkAsync("DeleteRole", ("RoleName", "app"));
    }

    [Fact]
    public async Task ListRoles_omits_tags_and_boundaries_that_GetRole_returns()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateRole", ("RoleName", "app"), ("AssumeRolePolicyDocument", PolicyDocuments.Ec2Trust),
            ("PermissionsBoundary", "arn:aws:iam::aws:policy/PowerUserAccess"), ("Tags.member.1.Key", "team"), ("Tags.member.1.Value", "a"));

        var list = await iam.OkAsync("ListRoles");
        var get = await iam.OkAsync("GetRole", ("RoleName", "app"));

        Assert.Empty(list.All("Roles/member/Tags"));
        Assert.Empty(list.All("Roles/member/PermissionsBoundary"));
        Assert.Equal("arn:aws:iam::aws:policy/PowerUserAccess", get.Value("Role/PermissionsBoundary/PermissionsBoundaryArn"));
        Assert.Equal(["team"], get.Values("Role/Tags/member/Key"));
    }

    [Fact]
    public async Task Permissions_boundary_can_be_put_and_deleted_on_users_and_roles()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "alice"));
        await iam.OkAsync("CreateRole", ("RoleName", "app"), ("AssumeRolePolicyDocument", PolicyDocuments.Ec2Trust));
        const string boundary = "arn:aws:iam::aws:policy/PowerUserAccess";

        await iam.OkAsync("PutUserPermissionsBoundary", ("UserName", "alice"), ("PermissionsBoundary", boundary));
        await iam.OkAsync("PutRolePermissionsBoundary", ("RoleName", "app"), ("PermissionsBoundary", boundary));
        Assert.Equal(boundary, (await iam.OkAsync("GetUser", ("UserName", "alice"))).Value("User/PermissionsBoundary/PermissionsBoundaryArn"));
        Assert.Equal("2", (await iam.OkAsync("GetPolicy", ("PolicyArn", boundary))).Value("Policy/PermissionsBoundaryUsageCount"));

        await iam.OkAsync("DeleteUserPermissionsBoundary", ("UserName", "alice"));
        await iam.OkAsync("DeleteRolePermissionsBoundary", ("RoleName", "app"));
        Assert.Empty((await iam.OkAsync("GetRole", ("RoleName", "app"))).All("Role/PermissionsBoundary"));
    }

    [Fact]
    public async Task Permissions_boundary_that_does_not_exist_answers_NoSuchEntity()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "alice"));

        var response = await iam.CallAsync("PutUserPermissionsBoundary", ("UserName", "alice"), ("PermissionsBoundary", "arn:aws:iam::123456789012:policy/missing"));

        Assert.Equal("NoSuchEntity", response.ErrorCode);
    }
}
