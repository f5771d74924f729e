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

    [Fact]
    public async Task A_session_token_from_the_SDK_default_chain_echoed_in_an_error_is_masked()
    {
        // Short and not base64-shaped: only knowing the credential can mask it.
        const string token = "EnvironmentSessionTokenEXAMPLE";
        const string secret = "EnvironmentSecretEXAMPLE";
        string?[] saved = [Get("AWS_ACCESS_KEY_ID"), Get("AWS_SECRET_ACCESS_KEY"), Get("AWS_SESSION_TOKEN")];
        try
        {
            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "ASIAENVIRONMENTEXAMPLE");
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", secret);
            Environment.SetEnvironmentVariable("AWS_SESSION_TOKEN", token);
            var handler = FakeIamHandler.Answering(() => FakeIamHandler.Error(
                "InvalidClientTokenId", $"The security token {token} (signed with {secret}) is invalid.", System.Net.HttpStatusCode.Forbidden));
            using var client = TestClients.Over(handler, options: TestClients.Options(maxAttempts: 1) with { Credentials = null });

            var failure = await Assert.ThrowsAsync<IamApiException>(() => client.DeleteGroupAsync("ops", CancellationToken.None));

            Assert.DoesNotContain(token, failure.Message);
            Assert.DoesNotContain(secret, failure.Message);
            Assert.Contains("The security token *** (signed with ***) is invalid.", failure.IamMessage);
        }
        finally
        {
            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", saved[0]);
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", saved[1]);
            Environment.SetEnvironmentVariable("AWS_SESSION_TOKEN", saved[2]);
        }
    }

    [Fact]
    public async Task Every_credential_the_source_resolves_is_learnt_by_the_scrubber_including_refreshed_ones()
    {
        var scrubber = new IamSecretScrubber();
        var issued = new Queue<Amazon.Runtime.ImmutableCredentials>([
            new("ASIAFIRSTEXAMPLE", "first-secret-value", "first-session-token"),
            new("ASIASECONDEXAMPLE", "second-secret-value", "second-session-token"),
        ]);
        var source = new IamCredentialSource(_ => ValueTask.FromResult(issued.Dequeue()), scrubber);
        const string echoed = "first-session-token first-secret-value second-session-token second-secret-value";

        await source.GetAsync(CancellationToken.None);
        Assert.Equal("*** *** second-session-token second-secret-value", scrubber.Scrub(echoed));

        await source.GetAsync(CancellationToken.None); // the chain refreshed the session
        Assert.Equal("*** *** *** ***", scrubber.Scrub(echoed));
    }

    private static string? Get(string name) => Environment.GetEnvironmentVariable(name);
}
