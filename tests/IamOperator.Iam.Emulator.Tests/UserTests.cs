using IamOperator.Iam.Emulator.Tests.Support;

namespace IamOperator.Iam.Emulator.Tests;

/// <summary>Users: https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html and neighbours.</summary>
public sealed class UserTests
{
    [Fact]
    public async Task CreateUser_returns_the_user_with_AIDA_id_ARN_with_path_and_tags()
    {
        await using var iam = await EmulatorHarness.StartAsync();

        var response = await iam.OkAsync("CreateUser", ("UserName", "alice"), ("Path", "/engineering/"),
            ("Tags.member.1.Key", "team"), ("Tags.member.1.Value", "platform"));

        Assert.Equal("alice", response.Value("User/UserName"));
        Assert.Equal("/engineering/", response.Value("User/Path"));
        Assert.Equal("arn:aws:iam::123456789012:user/engineering/alice", response.Value("User/Arn"));
        Assert.Matches("^AIDA[A-Z2-7]{17}$", response.Value("User/UserId"));
        Assert.Equal(["team"], response.Values("User/Tags/member/Key"));
    }

    [Fact]
    public async Task ARN_uses_the_configured_account_id()
    {
        await using var iam = await EmulatorHarness.StartAsync(new IamEmulatorOptions { AccountId = "210987654321" });

        var response = await iam.OkAsync("CreateUser", ("UserName", "alice"));

        Assert.Equal("arn:aws:iam::210987654321:user/alice", response.Value("User/Arn"));
    }

    [Fact]
    public async Task User_names_are_unique_ignoring_case()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "Alice"));

        var response = await iam.CallAsync("CreateUser", ("UserName", "ALICE"));

        Assert.Equal(409, response.Status);
        Assert.Equal("EntityAlreadyExists", response.ErrorCode);
    }

    [Fact]
    public async Task GetUser_finds_the_user_by_name_in_any_case()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "Alice"));

        Assert.Equal("Alice", (await iam.OkAsync("GetUser", ("UserName", "aLiCe"))).Value("User/UserName"));
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("slash/inside")]
    [InlineData("")]
    [InlineData("nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn")]
    public async Task CreateUser_with_an_invalid_name_answers_ValidationError(string name)
    {
        await using var iam = await EmulatorHarness.StartAsync();

        var response = await iam.CallAsync("CreateUser", ("UserName", name));

        Assert.Equal(400, response.Status);
        Assert.Equal("ValidationError", response.ErrorCode);
        Assert.Contains("userName", response.ErrorMessage);
    }

    [Fact]
    public async Task User_name_of_64_characters_from_the_allowed_set_is_accepted()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        var name = "a+b=c,d.e@f_g-" + new string('x', 50);

        Assert.Equal(64, name.Length);
        await iam.OkAsync("CreateUser", ("UserName", name));
    }

    [Theory]
    [InlineData("no-leading-slash/")]
    [InlineData("/no-trailing-slash")]
    [InlineData("/with space/")]
    public async Task CreateUser_with_an_invalid_path_answers_ValidationError(string path)
    {
        await using var iam = await EmulatorHarness.StartAsync();

        var response = await iam.CallAsync("CreateUser", ("UserName", "alice"), ("Path", path));

        Assert.Equal("ValidationError", response.ErrorCode);
        Assert.Contains("path", response.ErrorMessage);
    }

    [Fact]
    public async Task Path_longer_than_512_characters_answers_ValidationError()
    {
        await using var iam = await EmulatorHarness.StartAsync();

        var response = await iam.CallAsync("CreateUser", ("UserName", "alice"), ("Path", "/" + new string('p', 511) + "/"));

        Assert.Equal("ValidationError", response.ErrorCode);
    }

    [Fact]
    public async Task UpdateUser_renames_and_moves_the_user_and_its_ARN_follows()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        var id = (await iam.OkAsync("CreateUser", ("UserName", "alice"))).Value("User/UserId");

        await iam.OkAsync("UpdateUser", ("UserName", "alice"), ("NewUserName", "alicia"), ("NewPath", "/moved/"));

        var user = await iam.OkAsync("GetUser", ("UserName", "alicia"));
        Assert.Equal(id, user.Value("User/UserId"));
        Assert.Equal("arn:aws:iam::123456789012:user/moved/alicia", user.Value("User/Arn"));
        Assert.Equal("NoSuchEntity", (await iam.CallAsync("GetUser", ("UserName", "alice"))).ErrorCode);
    }

    [Fact]
    public async Task UpdateUser_to_a_taken_name_answers_EntityAlreadyExists()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "alice"));
        await iam.OkAsync("CreateUser", ("UserName", "bob"));

        Assert.Equal("EntityAlreadyExists", (await iam.CallAsync("UpdateUser", ("UserName", "alice"), ("NewUserName", "BOB"))).ErrorCode);
    }

    [Fact]
    public async Task ListUsers_filters_by_path_prefix_and_omits_tags()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "alice"), ("Path", "/eng/"), ("Tags.member.1.Key", "k"), ("Tags.member.1.Value", "v"));
        await iam.OkAsync("CreateUser", ("UserName", "bob"), ("Path", "/ops/"));

        var response = await iam.OkAsync("ListUsers", ("PathPrefix", "/eng"));

        Assert.Equal(["alice"], response.Values("Users/member/UserName"));
        Assert.Empty(response.All("Users/member/Tags"));
    }

    [Fact]
    public async Task DeleteUser_of_a_missing_user_answers_NoSuchEntity_404()
    {
        await using var iam = await EmulatorHarness.StartAsync();

        var response = await iam.CallAsync("DeleteUser", ("UserName", "ghost"));

        Assert.Equal(404, response.Status);
        Assert.Equal("NoSuchEntity", response.ErrorCode);
    }

    [Fact]
    public async Task GetUser_without_a_name_answers_the_caller()
    {
        await using var iam = await EmulatorHarness.StartAsync();

        var response = await iam.OkAsync("GetUser");

        Assert.Equal("arn:aws:iam::123456789012:root", response.Value("User/Arn"));
    }

    [Fact]
    public async Task Reserved_aws_tag_prefix_answers_InvalidInput()
    {
        await using var iam = await EmulatorHarness.StartAsync();

        var response = await iam.CallAsync("CreateUser", ("UserName", "alice"), ("Tags.member.1.Key", "aws:owner"), ("Tags.member.1.Value", "x"));

        Assert.Equal("InvalidInput", response.ErrorCode);
    }
}
