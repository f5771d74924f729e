using IamOperator.Iam.Emulator.Tests.Support;

namespace IamOperator.Iam.Emulator.Tests;

/// <summary>Groups and membership: https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateGroup.html and neighbours.</summary>
public sealed class GroupTests
{
    [Fact]
    public async Task CreateGroup_returns_the_group_with_AGPA_id_and_ARN()
    {
        await using var iam = await EmulatorHarness.StartAsync();

        var response = await iam.OkAsync("CreateGroup", ("GroupName", "Developers"), ("Path", "/teams/"));

        Assert.Matches("^AGPA[A-Z2-7]{17}$", response.Value("Group/GroupId"));
        Assert.Equal("arn:aws:iam::123456789012:group/teams/Developers", response.Value("Group/Arn"));
    }

    [Fact]
    public async Task Group_names_are_unique_ignoring_case()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateGroup", ("GroupName", "Developers"));

        Assert.Equal("EntityAlreadyExists", (await iam.CallAsync("CreateGroup", ("GroupName", "developers"))).ErrorCode);
    }

    [Fact]
    public async Task Group_names_may_be_128_characters_but_not_129()
    {
        await using var iam = await EmulatorHarness.StartAsync();

        await iam.OkAsync("CreateGroup", ("GroupName", new string('g', 128)));
        Assert.Equal("ValidationError", (await iam.CallAsync("CreateGroup", ("GroupName", new string('h', 129)))).ErrorCode);
    }

    [Fact]
    public async Task GetGroup_lists_members_and_ListGroupsForUser_lists_groups()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateGroup", ("GroupName", "Developers"));
        await iam.OkAsync("CreateGroup", ("GroupName", "Admins"));
        await iam.OkAsync("CreateUser", ("UserName", "alice"));
        await iam.OkAsync("AddUserToGroup", ("GroupName", "Developers"), ("UserName", "alice"));
        await iam.OkAsync("AddUserToGroup", ("GroupName", "Admins"), ("UserName", "alice"));

        Assert.Equal(["alice"], (await iam.OkAsync("GetGroup", ("GroupName", "Developers"))).Values("Users/member/UserName"));
        Assert.Equal(["Admins", "Developers"], (await iam.OkAsync("ListGroupsForUser", ("UserName", "alice"))).Values("Groups/member/GroupName"));
    }

    [Fact]
    public async Task AddUserToGroup_twice_succeeds_and_keeps_one_membership()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateGroup", ("GroupName", "Developers"));
        await iam.OkAsync("CreateUser", ("UserName", "alice"));

        await iam.OkAsync("AddUserToGroup", ("GroupName", "Developers"), ("UserName", "alice"));
        await iam.OkAsync("AddUserToGroup", ("GroupName", "Developers"), ("UserName", "alice"));

        Assert.Single((await iam.OkAsync("GetGroup", ("GroupName", "Developers"))).All("Users/member"));
    }

    [Fact]
    public async Task AddUserToGroup_with_a_missing_user_answers_NoSuchEntity()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateGroup", ("GroupName", "Developers"));

        Assert.Equal("NoSuchEntity", (await iam.CallAsync("AddUserToGroup", ("GroupName", "Developers"), ("UserName", "ghost"))).ErrorCode);
    }

    [Fact]
    public async Task Eleventh_group_for_a_user_answers_LimitExceeded()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "alice"));
        for (var index = 0; index < 11; index++)
        {
            await iam.OkAsync("CreateGroup", ("GroupName", $"g{index}"));
        }

        for (var index = 0; index < 10; index++)
        {
            await iam.OkAsync("AddUserToGroup", ("GroupName", $"g{index}"), ("UserName", "alice"));
        }

        var response = await iam.CallAsync("AddUserToGroup", ("GroupName", "g10"), ("UserName", "alice"));

        Assert.Equal(409, response.Status);
        Assert.Equal("LimitExceeded", response.ErrorCode);
    }

    [Fact]
    public async Task RemoveUserFromGroup_of_a_non_member_answers_NoSuchEntity()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateGroup", ("GroupName", "Developers"));
        await iam.OkAsync("CreateUser", ("UserName", "alice"));

        Assert.Equal("NoSuchEntity", (await iam.CallAsync("RemoveUserFromGroup", ("GroupName", "Developers"), ("UserName", "alice"))).ErrorCode);
    }

    [Fact]
    public async Task DeleteGroup_with_members_answers_DeleteConflict_until_they_are_removed()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateGroup", ("GroupName", "Developers"));
        await iam.OkAsync("CreateUser", ("UserName", "alice"));
        await iam.OkAsync("AddUserToGroup", ("GroupName", "Developers"), ("UserName", "alice"));

        var conflict = await iam.CallAsync("DeleteGroup", ("GroupName", "Developers"));
        await iam.OkAsync("RemoveUserFromGroup", ("GroupName", "Developers"), ("UserName", "alice"));

        Assert.Equal(409, conflict.Status);
        Assert.Equal("DeleteConflict", conflict.ErrorCode);
        await iam.OkAsync("DeleteGroup", ("GroupName", "Developers"));
    }

    [Fact]
    public async Task DeleteUser_in_a_group_answers_DeleteConflict()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateGroup", ("GroupName", "Developers"));
        await iam.OkAsync("CreateUser", ("UserName", "alice"));
        await iam.OkAsync("AddUserToGroup", ("GroupName", "Developers"), ("UserName", "alice"));

        Assert.Equal("DeleteConflict", (await iam.CallAsync("DeleteUser", ("UserName", "alice"))).ErrorCode);
    }

    [Fact]
    public async Task UpdateGroup_renames_and_keeps_members()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateGroup", ("GroupName", "Developers"));
        await iam.OkAsync("CreateUser", ("UserName", "alice"));
        await iam.OkAsync("AddUserToGroup", ("GroupName", "Developers"), ("UserName", "alice"));

        await iam.OkAsync("UpdateGroup", ("GroupName", "Developers"), ("NewGroupName", "Engineers"), ("NewPath", "/eng/"));

        var group = await iam.OkAsync("GetGroup", ("GroupName", "Engineers"));
        Assert.Equal("arn:aws:iam::123456789012:group/eng/Engineers", group.Value("Group/Arn"));
        Assert.Equal(["alice"], group.Values("Users/member/UserName"));
    }

    [Fact]
    public async Task Groups_cannot_be_tagged_because_IAM_has_no_TagGroup_action()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateGroup", ("GroupName", "Developers"));

        var response = await iam.CallAsync("TagGroup", ("GroupName", "Developers"), ("Tags.member.1.Key", "k"), ("Tags.member.1.Value", "v"));

        Assert.Equal("InvalidAction", response.ErrorCode);
    }
}
