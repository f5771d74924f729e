using IamOperator.Iam.Emulator.Tests.Support;

namespace IamOperator.Iam.Emulator.Tests;

/// <summary>Instance profiles: https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateInstanceProfile.html and neighbours.</summary>
public sealed class InstanceProfileTests
{
    [Fact]
    public async Task CreateInstanceProfile_returns_AIPA_id_and_ARN_and_holds_one_role()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateRole", ("RoleName", "app"), ("AssumeRolePolicyDocument", PolicyDocuments.Ec2Trust));
        await iam.OkAsync("CreateRole", ("RoleName", "other"), ("AssumeRolePolicyDocument", PolicyDocuments.Ec2Trust));

        var created = await iam.OkAsync("CreateInstanceProfile", ("InstanceProfileName", "app"), ("Path", "/ec2/"));
        await iam.OkAsync("AddRoleToInstanceProfile", ("InstanceProfileName", "app"), ("RoleName", "app"));
        var second = await iam.CallAsync("AddRoleToInstanceProfile", ("InstanceProfileName", "app"), ("RoleName", "other"));

        Assert.Matches("^AIPA[A-Z2-7]{17}$", created.Value("InstanceProfile/InstanceProfileId"));
        Assert.Equal("arn:aws:iam::123456789012:instance-profile/ec2/app", created.Value("InstanceProfile/Arn"));
        Assert.Equal("LimitExceeded", second.ErrorCode);
        Assert.Equal(["app"], (await iam.OkAsync("GetInstanceProfile", ("InstanceProfileName", "app"))).Values("InstanceProfile/Roles/member/RoleName"));
        Assert.Equal(["app"], (await iam.OkAsync("ListInstanceProfilesForRole", ("RoleName", "app"))).Values("InstanceProfiles/member/InstanceProfileName"));
    }

    [Fact]
    public async Task DeleteInstanceProfile_with_a_role_answers_DeleteConflict()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateRole", ("RoleName", "app"), ("AssumeRolePolicyDocument", PolicyDocuments.Ec2Trust));
        await iam.OkAsync("CreateInstanceProfile", ("InstanceProfileName", "app"));
        await iam.OkAsync("AddRoleToInstanceProfile", ("InstanceProfileName", "app"), ("RoleName", "app"));

        Assert.Equal("DeleteConflict", (await iam.CallAsync("DeleteInstanceProfile", ("InstanceProfileName", "app"))).ErrorCode);
        await iam.OkAsync("RemoveRoleFromInstanceProfile", ("InstanceProfileName", "app"), ("RoleName", "app"));
        await iam.OkAsync("DeleteInstanceProfile", ("InstanceProfileName", "app"));
        Assert.Equal("NoSuchEntity", (await iam.CallAsync("GetInstanceProfile", ("InstanceProfileName", "app"))).ErrorCode);
    }

    [Fact]
    public async Task Instance_profile_names_are_unique_ignoring_case()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateInstanceProfile", ("InstanceProfileName", "App"));

        Assert.Equal("EntityAlreadyExists", (await iam.CallAsync("CreateInstanceProfile", ("InstanceProfileName", "app"))).ErrorCode);
    }
}
