namespace IamOperator.Iam.Tests;

/// <summary>Without static credentials the client asks the AWS SDK's default chain, whose first link is the environment.</summary>
public class CredentialChainTests
{
    [Fact]
    public async Task Without_static_credentials_the_SDK_default_chain_supplies_key_and_session_token()
    {
        string?[] saved = [Get("AWS_ACCESS_KEY_ID"), Get("AWS_SECRET_ACCESS_KEY"), Get("AWS_SESSION_TOKEN")];
        try
        {
            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "ASIAENVIRONMENTEXAMPLE");
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "EnvironmentSecretEXAMPLE/0123456789abcdef");
            Environment.SetEnvironmentVariable("AWS_SESSION_TOKEN", "EnvironmentSessionTokenEXAMPLE");
            var handler = FakeIamHandler.Answering(() => FakeIamHandler.Empty("DeleteGroup"));
            using var client = TestClients.Over(handler, options: TestClients.Options() with { Credentials = null });

            await client.DeleteGroupAsync("ops", CancellationToken.None);

            var request = Assert.Single(handler.Requests);
            Assert.Contains("Credential=ASIAENVIRONMENTEXAMPLE/", request.Headers["Authorization"]);
            Assert.Equal("EnvironmentSessionTokenEXAMPLE", request.Headers["X-Amz-Security-Token"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", saved[0]);
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", saved[1]);
            Environment.SetEnvironmentVariable("AWS_SESSION_TOKEN", saved[2]);
        }
    }

    private static string? Get(string name) => Environment.GetEnvironmentVariable(name);
}
