using IamOperator.Iam.Emulator.Tests.Support;

namespace IamOperator.Iam.Emulator.Tests;

/// <summary>Inline policies: https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutUserPolicy.html and neighbours.</summary>
public sealed class InlinePolicyTests
{
    [Theory]
    [InlineData("User", "UserName")]
    [InlineData("Group", "GroupName")]
    [InlineData("Role", "RoleName")]
    public async Task Put_Get_List_Delete_inline_policy_round_trips_the_document(string noun, string nameParameter)
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await Create(iam, noun);

        await iam.OkAsync($"Put{noun}Policy", (nameParameter, "x"), ("PolicyName", "read"), ("PolicyDocument", PolicyDocuments.ReadS3));
        var get = await iam.OkAsync($"Get{noun}Policy", (nameParameter, "x"), ("PolicyName", "read"));
        var list = await iam.OkAsync($"List{noun}Policies", (nameParameter, "x"));
        await iam.OkAsync($"Delete{noun}Policy", (nameParameter, "x"), ("PolicyName", "read"));

        Assert.Equal("x", get.Value(nameParameter));
        Assert.Equal(Uri.EscapeDataString(PolicyDocuments.ReadS3), get.Value("PolicyDocument"));
        Assert.Equal(["read"], list.Values("PolicyNames/member"));
        Assert.Equal("NoSuchEntity", (await iam.CallAsync($"Get{noun}Policy", (nameParameter, "x"), ("PolicyName", "read"))).ErrorCode);
    }

    [Fact]
    public async Task Putting_an_inline_policy_again_replaces_its_document()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "x"));

        await iam.OkAsync("PutUserPolicy", ("UserName", "x"), ("PolicyName", "p"), ("PolicyDocument", PolicyDocuments.ReadS3));
        await iam.OkAsync("PutUserPolicy", ("UserName", "x"), ("PolicyName", "p"), ("PolicyDocument", PolicyDocuments.ListBuckets));

        Assert.Equal(PolicyDocuments.ListBuckets, Uri.UnescapeDataString((await iam.OkAsync("GetUserPolicy", ("UserName", "x"), ("PolicyName", "p"))).Value("PolicyDocument")!));
        Assert.Single((await iam.OkAsync("ListUserPolicies", ("UserName", "x"))).All("PolicyNames/member"));
    }

    [Fact]
    public async Task DeleteGroup_with_an_inline_policy_answers_DeleteConflict()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateGroup", ("GroupName", "x"));
        await iam.OkAsync("PutGroupPolicy", ("GroupName", "x"), ("PolicyName", "p"), ("PolicyDocument", PolicyDocuments.ReadS3));

        Assert.Equal("DeleteConflict", (await iam.CallAsync("DeleteGroup", ("GroupName", "x"))).ErrorCode);
    }

    private static Task<IamResponse> Create(EmulatorHarness iam, string noun) => noun switch
    {
        "User" => iam.OkAsync("CreateUser", ("UserName", "x")),
        "Group" => iam.OkAsync("CreateGroup", ("GroupName", "x")),
        _ => iam.OkAsync("CreateRole", ("RoleName", "x"), ("AssumeRolePolicyDocument", PolicyDocuments.Ec2Trust)),
    };
}
