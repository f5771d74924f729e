using IamOperator.Iam.Emulator.Tests.Support;

namespace IamOperator.Iam.Emulator.Tests;

/// <summary>
/// Documents as IAM checks them: grammar (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html),
/// character set and sizes (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
/// </summary>
public sealed class PolicyDocumentTests
{
    [Theory]
    [InlineData("not json")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}""")]
    [InlineData("""["Version"]""")]
    [InlineData("""{"Version":"2012-10-17"}""")]
    [InlineData("""{"Version":"2020-01-01","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Action":"s3:GetObject","Resource":"*"}]}""")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Permit","Action":"s3:GetObject","Resource":"*"}]}""")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Resource":"*"}]}""")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject"}]}""")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"GetObject","Resource":"*"}]}""")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"bucket"}]}""")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}""")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Sid":"a-b","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":"s3:GetObject","Resource":"*"},{"Sid":"A","Effect":"Deny","Action":"s3:PutObject","Resource":"*"}]}""")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","NotAction":"s3:PutObject","Resource":"*"}]}""")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":"yes"}]}""")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Colour":"red"}]}""")]
    [InlineData("""{"Version":"2012-10-17","Statement":[]}""")]
    public async Task Identity_policy_that_breaks_the_grammar_answers_MalformedPolicyDocument(string document)
    {
        await using var iam = await EmulatorHarness.StartAsync();

        var response = await iam.CallAsync("CreatePolicy", ("PolicyName", "p"), ("PolicyDocument", document));

        Assert.Equal(400, response.Status);
        Assert.Equal("MalformedPolicyDocument", response.ErrorCode);
        Assert.False(string.IsNullOrEmpty(response.ErrorMessage));
    }

    [Theory]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Deny","NotAction":"iam:*","NotResource":["arn:aws:iam::*:user/x"]}}""")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""")]
    [InlineData("""{"Version":"2008-10-17","Id":"x","Statement":[{"Sid":"","Effect":"Allow","Action":["s3:Get*","s3:List?"],"Resource":"*","Condition":{"Bool":{"aws:SecureTransport":true},"StringEquals":{"aws:RequestedRegion":["eu-west-1","us-east-1"]}}}]}""")]
    public async Task Identity_policy_in_the_grammar_is_accepted(string document)
    {
        await using var iam = await EmulatorHarness.StartAsync();

        await iam.OkAsync("CreatePolicy", ("PolicyName", "p"), ("PolicyDocument", document));
    }

    [Fact]
    public async Task Character_outside_tab_LF_CR_and_U0020_to_U00FF_answers_ValidationError()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        var document = PolicyDocuments.ReadS3.Replace("bucket", "bucket\u2603", StringComparison.Ordinal);

        var response = await iam.CallAsync("CreatePolicy", ("PolicyName", "p"), ("PolicyDocument", document));

        Assert.Equal("ValidationError", response.ErrorCode);
        Assert.Contains("policyDocument", response.ErrorMessage);
    }

    [Fact]
    public async Task Managed_policy_of_6144_characters_is_accepted_and_6145_answers_LimitExceeded()
    {
        await using var iam = await EmulatorHarness.StartAsync();

        await iam.OkAsync("CreatePolicy", ("PolicyName", "fits"), ("PolicyDocument", PolicyDocuments.OfSize(6144)));
        var response = await iam.CallAsync("CreatePolicy", ("PolicyName", "too-big"), ("PolicyDocument", PolicyDocuments.OfSize(6145)));

        Assert.Equal(409, response.Status);
        Assert.Equal("LimitExceeded", response.ErrorCode);
    }

    [Fact]
    public async Task Whitespace_does_not_count_toward_the_managed_policy_size()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        var document = PolicyDocuments.OfSize(6144).Replace(",", ",\n      ", StringComparison.Ordinal);

        await iam.OkAsync("CreatePolicy", ("PolicyName", "spacious"), ("PolicyDocument", document));
    }

    [Fact]
    public async Task Inline_policies_of_a_user_share_2048_characters()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "alice"));

        await iam.OkAsync("PutUserPolicy", ("UserName", "alice"), ("PolicyName", "one"), ("PolicyDocument", PolicyDocuments.OfSize(1024)));
        await iam.OkAsync("PutUserPolicy", ("UserName", "alice"), ("PolicyName", "two"), ("PolicyDocument", PolicyDocuments.OfSize(1024)));
        var third = await iam.CallAsync("PutUserPolicy", ("UserName", "alice"), ("PolicyName", "three"), ("PolicyDocument", PolicyDocuments.OfSize(200)));

        Assert.Equal("LimitExceeded", third.ErrorCode);
    }

    [Theory]
    [InlineData("Group", "GroupName", 5120)]
    [InlineData("Role", "RoleName", 10240)]
    public async Task Inline_policy_size_quota_depends_on_the_entity_kind(string noun, string nameParameter, int quota)
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await (noun == "Group"
            ? iam.OkAsync("CreateGroup", ("GroupName", "x"))
            : iam.OkAsync("CreateRole", ("RoleName", "x"), ("AssumeRolePolicyDocument", PolicyDocuments.Ec2Trust)));

        await iam.OkAsync($"Put{noun}Policy", (nameParameter, "x"), ("PolicyName", "fits"), ("PolicyDocument", PolicyDocuments.OfSize(quota)));
        var response = await iam.CallAsync($"Put{noun}Policy", (nameParameter, "x"), ("PolicyName", "fits"), ("PolicyDocument", PolicyDocuments.OfSize(quota + 1)));

        Assert.Equal("LimitExceeded", response.ErrorCode);
    }

    [Fact]
    public async Task Inline_identity_policy_with_a_principal_answers_MalformedPolicyDocument()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "alice"));

        var response = await iam.CallAsync("PutUserPolicy", ("UserName", "alice"), ("PolicyName", "p"), ("PolicyDocument", PolicyDocuments.Ec2Trust));

        Assert.Equal("MalformedPolicyDocument", response.ErrorCode);
    }
}
