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

    [Fact]
    public void Every_listed_service_principal_has_the_form_service_dot_amazonaws_dot_com()
    {
        Assert.True(ServicePrincipals.All.Count > 500, $"only {ServicePrincipals.All.Count} service principals are listed");
        Assert.All(ServicePrincipals.All, principal => Assert.Matches(@"^[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)*\.amazonaws\.com$", principal));
    }
}
