using IamOperator.Iam.Emulator.Tests.Support;

namespace IamOperator.Iam.Emulator.Tests;

/// <summary>Managed policy attachments: https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachUserPolicy.html and neighbours.</summary>
public sealed class AttachedPolicyTests
{
    [Theory]
    [InlineData("User", "UserName")]
    [InlineData("Group", "GroupName")]
    [InlineData("Role", "RoleName")]
    public async Task Attach_list_and_detach_a_managed_policy(string noun, string nameParameter)
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await Create(iam, noun);
        const string arn = "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess";

        await iam.OkAsync($"Attach{noun}Policy", (nameParameter, "x"), ("PolicyArn", arn));
        var attached = await iam.OkAsync($"ListAttached{noun}Policies", (nameParameter, "x"));
        await iam.OkAsync($"Detach{noun}Policy", (nameParameter, "x"), ("PolicyArn", arn));

        Assert.Equal(["ViewOnlyAccess"], attached.Values("AttachedPolicies/member/PolicyName"));
        Assert.Equal([arn], attached.Values("AttachedPolicies/member/PolicyArn"));
        Assert.Empty((await iam.OkAsync($"ListAttached{noun}Policies", (nameParameter, "x"))).All("AttachedPolicies/member"));
    }

    [Theory]
    [InlineData("User", "UserName")]
    [InlineData("Group", "GroupName")]
    [InlineData("Role", "RoleName")]
    public async Task Eleventh_managed_policy_answers_LimitExceeded(string noun, string nameParameter)
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await Create(iam, noun);
        for (var index = 0; index < 11; index++)
        {
            await iam.OkAsync("CreatePolicy", ("PolicyName", $"p{index}"), ("PolicyDocument", PolicyDocuments.ReadS3));
        }

        for (var index = 0; index < 10; index++)
        {
            await iam.OkAsync($"Attach{noun}Policy", (nameParameter, "x"), ("PolicyArn", $"arn:aws:iam::123456789012:policy/p{index}"));
        }

        var response = await iam.CallAsync($"Attach{noun}Policy", (nameParameter, "x"), ("PolicyArn", "arn:aws:iam::123456789012:policy/p10"));

        Assert.Equal("LimitExceeded", response.ErrorCode);
        Assert.Contains($"PoliciesPer{noun}", response.ErrorMessage);
    }

    [Fact]
    public async Task Raised_quota_allows_more_managed_policies()
    {
        await using var iam = await EmulatorHarness.StartAsync(new IamEmulatorOptions { Quotas = new IamQuotas { ManagedPoliciesPerUser = 20 } });
        await iam.OkAsync("CreateUser", ("UserName", "x"));
        for (var index = 0; index < 11; index++)
        {
            await iam.OkAsync("CreatePolicy", ("PolicyName", $"p{index}"), ("PolicyDocument", PolicyDocuments.ReadS3));
            await iam.OkAsync("AttachUserPolicy", ("UserName", "x"), ("PolicyArn", $"arn:aws:iam::123456789012:policy/p{index}"));
        }

        Assert.Equal(11, (await iam.OkAsync("ListAttachedUserPolicies", ("UserName", "x"))).All("AttachedPolicies/member").Count);
    }

    [Fact]
    public async Task Attaching_a_policy_that_does_not_exist_answers_NoSuchEntity()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "x"));

        Assert.Equal("NoSuchEntity", (await iam.CallAsync("AttachUserPolicy", ("UserName", "x"), ("PolicyArn", "arn:aws:iam::aws:policy/NoSuchPolicy"))).ErrorCode);
    }

    [Fact]
    public async Task Service_linked_role_policy_answers_PolicyNotAttachable()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "x"));

        var response = await iam.CallAsync("AttachUserPolicy", ("UserName", "x"), ("PolicyArn", "arn:aws:iam::aws:policy/aws-service-role/AWSSupportServiceRolePolicy"));

        Assert.Equal(400, response.Status);
        Assert.Equal("PolicyNotAttachable", response.ErrorCode);
    }

    [Fact]
    public async Task Service_role_policy_can_be_attached_to_a_user_as_in_IAM()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "x"));

        await iam.OkAsync("AttachUserPolicy", ("UserName", "x"), ("PolicyArn", "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"));
    }

    [Fact]
    public async Task Detaching_a_policy_that_is_not_attached_answers_NoSuchEntity()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "x"));

        Assert.Equal("NoSuchEntity", (await iam.CallAsync("DetachUserPolicy", ("UserName", "x"), ("PolicyArn", "arn:aws:iam::aws:policy/ReadOnlyAccess"))).ErrorCode);
    }

    private static Task<IamResponse> Create(EmulatorHarness iam, string noun) => noun switch
    {
        "User" => iam.OkAsync("CreateUser", ("UserName", "x")),
        "Group" => iam.OkAsync("CreateGroup", ("GroupName", "x")),
        _ => iam.OkAsync("CreateRole", ("RoleName", "x"), ("AssumeRolePolicyDocument", PolicyDocuments.Ec2Trust)),
    };
}
