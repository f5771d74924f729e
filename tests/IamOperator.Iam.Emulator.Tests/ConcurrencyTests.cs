using IamOperator.Iam.Emulator.Tests.Support;

namespace IamOperator.Iam.Emulator.Tests;

/// <summary>Parallel callers see one consistent account: each action runs atomically.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Parallel_creates_of_distinct_users_all_succeed()
    {
        await using var iam = await EmulatorHarness.StartAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(index => iam.CallAsync("CreateUser", ("UserName", $"user{index}"))));

        Assert.All(responses, response => Assert.Equal(200, response.Status));
        Assert.Equal(40, (await iam.OkAsync("ListUsers", ("MaxItems", "1000"))).All("Users/member").Count);
    }

    [Fact]
    public async Task Parallel_creates_of_one_name_let_exactly_one_win()
    {
        await using var iam = await EmulatorHarness.StartAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(index => iam.CallAsync("CreateGroup", ("GroupName", index % 2 == 0 ? "Devs" : "devs"))));

        Assert.Single(responses, response => response.Status == 200);
        Assert.All(responses.Where(response => response.Status != 200), response => Assert.Equal("EntityAlreadyExists", response.ErrorCode));
    }

    [Fact]
    public async Task Parallel_attachments_never_exceed_the_quota()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateRole", ("RoleName", "app"), ("AssumeRolePolicyDocument", PolicyDocuments.Ec2Trust));
        for (var index = 0; index < 15; index++)
        {
            await iam.OkAsync("CreatePolicy", ("PolicyName", $"p{index}"), ("PolicyDocument", PolicyDocuments.ReadS3));
        }

        var responses = await Task.WhenAll(Enumerable.Range(0, 15).Select(index =>
            iam.CallAsync("AttachRolePolicy", ("RoleName", "app"), ("PolicyArn", $"arn:aws:iam::123456789012:policy/p{index}"))));

        Assert.Equal(10, responses.Count(response => response.Status == 200));
        Assert.Equal(5, responses.Count(response => response.ErrorCode == "LimitExceeded"));
    }
}
