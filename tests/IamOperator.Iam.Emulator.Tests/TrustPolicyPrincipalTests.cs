using IamOperator.Iam.Emulator.Documents;
using IamOperator.Iam.Emulator.Tests.Support;

namespace IamOperator.Iam.Emulator.Tests;

/// <summary>
/// A role's trust policy may name only services that exist: IAM refuses any other Principal.Service with
/// MalformedPolicyDocument "Invalid principal in policy: "SERVICE":"name"" (CreateRole, UpdateAssumeRolePolicy).
/// </summary>
public sealed class TrustPolicyPrincipalTests
{
    private static string TrustFor(string service) =>
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":["ec2.amazonaws.com","{{service}}"]},"Action":"sts:AssumeRole"}]}""";

    [Theory]
    [InlineData("ec3.amazonaws.com")]
    [InlineData("codepipeiine.amazonaws.com")]
    [InlineData("eks.amazonaws.com.cn")]
    [InlineData("lambda.amazon.com")]
    [InlineData("lambda")]
    public async Task Unknown_service_principal_answers_MalformedPolicyDocument_Invalid_principal_in_policy(string service)
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateRole", ("RoleName", "existing"), ("AssumeRolePolicyDocument", PolicyDocuments.Ec2Trust));

        var create = await iam.CallAsync("CreateRole", ("RoleName", "app"), ("AssumeRolePolicyDocument", TrustFor(service)));
        var update = await iam.CallAsync("UpdateAssumeRolePolicy", ("RoleName", "existing"), ("PolicyDocument", TrustFor(service)));

        foreach (var response in new[] { create, update })
        {
            Assert.Equal(400, response.Status);
            Assert.Equal("MalformedPolicyDocument", response.ErrorCode);
            Assert.Equal($"Invalid principal in policy: \"SERVICE\":\"{service}\"", response.ErrorMessage);
        }

        Assert.Equal("NoSuchEntity", (await iam.CallAsync("GetRole", ("RoleName", "app"))).ErrorCode);
    }

    [Theory]
    [InlineData("lambda.amazonaws.com")]
    [InlineData("ecs-tasks.amazonaws.com")]
    [InlineData("states.amazonaws.com")]
    [InlineData("edgelambda.amazonaws.com")]
    [InlineData("tasks.apprunner.amazonaws.com")]
    [InlineData("pods.eks.amazonaws.com")]
    [InlineData("sqs.amazonaws.com")]
    [InlineData("LAMBDA.amazonaws.com")]
    [InlineData("logs.us-east-1.amazonaws.com")]
    [InlineData("logs.us-gov-west-1.amazonaws.com")]
    public async Task Service_principals_AWS_publishes_and_their_regional_forms_are_accepted(string service)
    {
        await using var iam = await EmulatorHarness.StartAsync();

        await iam.OkAsync("CreateRole", ("RoleName", "app"), ("AssumeRolePolicyDocument", TrustFor(service)));
    }

    [Fact]
    public async Task Regional_form_of_an_unknown_service_is_refused()
    {
        await using var iam = await EmulatorHarness.StartAsync();

        var response = await iam.CallAsync("CreateRole", ("RoleName", "app"), ("AssumeRolePolicyDocument", TrustFor("nope.us-east-1.amazonaws.com")));

        Assert.Equal("MalformedPolicyDocument", response.ErrorCode);
    }

    private static string TrustOf(string kind, string principal) =>
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"{{kind}}":"{{principal}}"},"Action":"sts:AssumeRole"}]}""";

    [Theory]
    [InlineData("AWS", "arn:aws:sts::111122223333:assumed-role/PowerUser/*", "AWS")]
    [InlineData("AWS", "arn:aws:iam::111122223333:role/ci-*", "AWS")]
    [InlineData("AWS", "12345", "AWS")]
    [InlineData("AWS", "alice", "AWS")]
    [InlineData("AWS", "arn:aws:iam::111122223333:group/devs", "AWS")]
    [InlineData("Federated", "arn:aws:iam::111122223333:oidc-provider", "FEDERATED")]
    [InlineData("Federated", "accounts.example.com", "FEDERATED")]
    [InlineData("CanonicalUser", "abc123", "CANONICALUSER")]
    public async Task Principal_not_of_a_form_IAM_knows_answers_MalformedPolicyDocument_Invalid_principal_in_policy(string kind, string principal, string shown)
    {
        await using var iam = await EmulatorHarness.StartAsync();

        var response = await iam.CallAsync("CreateRole", ("RoleName", "app"), ("AssumeRolePolicyDocument", TrustOf(kind, principal)));

        Assert.Equal("MalformedPolicyDocument", response.ErrorCode);
        Assert.Equal($"Invalid principal in policy: \"{shown}\":\"{principal}\"", response.ErrorMessage);
    }

    [Theory]
    [InlineData("AWS", "*")]
    [InlineData("AWS", "111122223333")]
    [InlineData("AWS", "arn:aws:iam::111122223333:root")]
    [InlineData("AWS", "arn:aws:iam::111122223333:role/in-another-account")]
    [InlineData("AWS", "arn:aws:iam::111122223333:user/teams/alice")]
    [InlineData("AWS", "arn:aws:sts::111122223333:assumed-role/deployer/session")]
    [InlineData("AWS", "arn:aws:iam::123456789012:root")]
    [InlineData("Federated", "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE")]
    [InlineData("Federated", "arn:aws:iam::123456789012:saml-provider/okta")]
    [InlineData("Federated", "cognito-identity.amazonaws.com")]
    [InlineData("CanonicalUser", "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be")]
    public async Task Principal_of_a_form_IAM_knows_is_accepted(string kind, string principal)
    {
        await using var iam = await EmulatorHarness.StartAsync();

        await iam.OkAsync("CreateRole", ("RoleName", "app"), ("AssumeRolePolicyDocument", TrustOf(kind, principal)));
    }

    [Theory]
    [InlineData("arn:aws:iam::123456789012:role/deployer")]
    [InlineData("arn:aws:iam::123456789012:user/alice")]
    public async Task User_or_role_of_this_account_must_exist_to_be_trusted(string principal)
    {
        await using var iam = await EmulatorHarness.StartAsync();

        var before = await iam.CallAsync("CreateRole", ("RoleName", "app"), ("AssumeRolePolicyDocument", TrustOf("AWS", principal)));
        await iam.OkAsync("CreateUser", ("UserName", "alice"));
        await iam.OkAsync("CreateRole", ("RoleName", "deployer"), ("AssumeRolePolicyDocument", PolicyDocuments.Ec2Trust));
        await iam.OkAsync("CreateRole", ("RoleName", "app"), ("AssumeRolePolicyDocument", TrustOf("AWS", principal)));

        Assert.Equal("MalformedPolicyDocument", before.ErrorCode);
        Assert.Equal($"Invalid principal in policy: \"AWS\":\"{principal}\"", before.ErrorMessage);
    }

    [Fact]
    public async Task Trusted_role_of_this_account_must_be_named_with_its_path()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateRole", ("RoleName", "deployer"), ("Path", "/ci/"), ("AssumeRolePolicyDocument", PolicyDocuments.Ec2Trust));

        var withoutPath = await iam.CallAsync("CreateRole", ("RoleName", "app"), ("AssumeRolePolicyDocument", TrustOf("AWS", "arn:aws:iam::123456789012:role/deployer")));

        Assert.Equal("MalformedPolicyDocument", withoutPath.ErrorCode);
        await iam.OkAsync("CreateRole", ("RoleName", "app"), ("AssumeRolePolicyDocument", TrustOf("AWS", "arn:aws:iam::123456789012:role/ci/deployer")));
    }

    [Fact]
    public void Every_listed_service_principal_has_the_form_service_dot_amazonaws_dot_com()
    {
        Assert.True(ServicePrincipals.All.Count > 500, $"only {ServicePrincipals.All.Count} service principals are listed");
        Assert.All(ServicePrincipals.All, principal => Assert.Matches(@"^[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)*\.amazonaws\.com$", principal));
    }
}
