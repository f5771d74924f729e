using IamOperator.Iam.Emulator.Tests.Support;

namespace IamOperator.Iam.Emulator.Tests;

/// <summary>Tags: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html and https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagUser.html.</summary>
public sealed class TagTests
{
    public static TheoryData<string, string, string> Taggables => new()
    {
        { "User", "UserName", "x" },
        { "Role", "RoleName", "x" },
        { "Policy", "PolicyArn", "arn:aws:iam::123456789012:policy/x" },
        { "InstanceProfile", "InstanceProfileName", "x" },
    };

    [Theory]
    [MemberData(nameof(Taggables))]
    public async Task Tag_list_and_untag(string noun, string parameter, string id)
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await Create(iam, noun);

        await iam.OkAsync($"Tag{noun}", (parameter, id), ("Tags.member.1.Key", "team"), ("Tags.member.1.Value", "a"), ("Tags.member.2.Key", "env"), ("Tags.member.2.Value", "prod"));
        await iam.OkAsync($"Tag{noun}", (parameter, id), ("Tags.member.1.Key", "team"), ("Tags.member.1.Value", "b"));
        var listed = await iam.OkAsync($"List{noun}Tags", (parameter, id));
        await iam.OkAsync($"Untag{noun}", (parameter, id), ("TagKeys.member.1", "env"));

        Assert.Equal(["env", "team"], listed.Values("Tags/member/Key"));
        Assert.Equal(["prod", "b"], listed.Values("Tags/member/Value"));
        Assert.Equal(["team"], (await iam.OkAsync($"List{noun}Tags", (parameter, id))).Values("Tags/member/Key"));
    }

    [Theory]
    [MemberData(nameof(Taggables))]
    public async Task Fifty_first_tag_answers_LimitExceeded(string noun, string parameter, string id)
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await Create(iam, noun);
        var fifty = Enumerable.Range(1, 50).SelectMany(index => new[] { ($"Tags.member.{index}.Key", $"k{index}"), ($"Tags.member.{index}.Value", "v") });

        await iam.OkAsync($"Tag{noun}", [(parameter, id), .. fifty]);
        var response = await iam.CallAsync($"Tag{noun}", (parameter, id), ("Tags.member.1.Key", "one-more"), ("Tags.member.1.Value", "v"));

        Assert.Equal("LimitExceeded", response.ErrorCode);
    }

    [Fact]
    public async Task User_tag_keys_differing_only_in_case_are_the_same_key()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await Create(iam, "User");

        await iam.OkAsync("TagUser", ("UserName", "x"), ("Tags.member.1.Key", "Team"), ("Tags.member.1.Value", "a"));
        await iam.OkAsync("TagUser", ("UserName", "x"), ("Tags.member.1.Key", "team"), ("Tags.member.1.Value", "b"));

        Assert.Equal(["b"], (await iam.OkAsync("ListUserTags", ("UserName", "x"))).Values("Tags/member/Value"));
    }

    [Fact]
    public async Task Tag_value_with_a_forbidden_character_answers_ValidationError()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await Create(iam, "User");

        Assert.Equal("ValidationError", (await iam.CallAsync("TagUser", ("UserName", "x"), ("Tags.member.1.Key", "k"), ("Tags.member.1.Value", "a;b"))).ErrorCode);
    }

    [Fact]
    public async Task Tagging_a_missing_user_answers_NoSuchEntity()
    {
        await using var iam = await EmulatorHarness.StartAsync();

        Assert.Equal("NoSuchEntity", (await iam.CallAsync("TagUser", ("UserName", "ghost"), ("Tags.member.1.Key", "k"), ("Tags.member.1.Value", "v"))).ErrorCode);
    }

    private static Task<IamResponse> Create(EmulatorHarness iam, string noun) => noun switch
    {
        "User" => iam.OkAsync("CreateUser", ("UserName", "x")),
        "Role" => iam.OkAsync("CreateRole", ("RoleName", "x"), ("AssumeRolePolicyDocument", PolicyDocuments.Ec2Trust)),
        "Policy" => iam.OkAsync("CreatePolicy", ("PolicyName", "x"), ("PolicyDocument", PolicyDocuments.ReadS3)),
        _ => iam.OkAsync("CreateInstanceProfile", ("InstanceProfileName", "x")),
    };
}
