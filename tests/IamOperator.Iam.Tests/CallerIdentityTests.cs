using System.Net;

namespace IamOperator.Iam.Tests;

/// <summary>
/// sts:GetCallerIdentity is another service on another endpoint: signed for sts, STS's Query version, the STS endpoint
/// resolved as the AWS SDKs resolve it, and the secret of the credentials it is given masked like the client's own.
/// </summary>
public sealed class CallerIdentityTests
{
    private const string StsAnswer = """
        <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <GetCallerIdentityResult>
            <Arn>arn:aws:iam::123456789012:user/ci-bot</Arn><UserId>AIDACKCEVSQ6C2EXAMPLE</UserId><Account>123456789012</Account>
          </GetCallerIdentityResult>
          <ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>
        </GetCallerIdentityResponse>
        """;

    [Fact]
    public async Task GetCallerIdentity_is_signed_for_sts_with_the_given_key_and_STS_Query_version_at_the_STS_endpoint()
    {
        var handler = FakeIamHandler.Answering(() => FakeIamHandler.Xml(StsAnswer));
        var options = TestClients.Options();
        options.StsEndpoint = new Uri("https://sts.us-east-1.amazonaws.com/");
        using var client = TestClients.Over(handler, options: options);

        var identity = await client.GetCallerIdentityAsync(new StaticIamCredentials("AKIANEWKEY0000000001", "a-new-secret-of-the-new-key"), CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.Equal(new IamCallerIdentity("123456789012", "arn:aws:iam::123456789012:user/ci-bot", "AIDACKCEVSQ6C2EXAMPLE"), identity);
        Assert.Equal("https://sts.us-east-1.amazonaws.com/", request.Uri.ToString());
        Assert.Equal(("GetCallerIdentity", "2011-06-15"), (request.Action, request.Form["Version"]));
        Assert.Contains("Credential=AKIANEWKEY0000000001/20261128/us-east-1/sts/aws4_request", request.Headers["Authorization"]);
    }

    [Fact]
    public async Task Without_credentials_GetCallerIdentity_signs_with_the_clients_own_key_and_IAM_calls_stay_signed_for_iam()
    {
        var handler = new FakeIamHandler((request, _) => request.Action == "GetCallerIdentity"
            ? FakeIamHandler.Xml(StsAnswer)
            : FakeIamHandler.Empty(request.Action));
        using var client = TestClients.Over(handler);

        await client.GetCallerIdentityAsync(null, CancellationToken.None);
        await client.DeleteUserAsync("bob", CancellationToken.None);

        Assert.Contains($"Credential={TestClients.ExampleCredentials.AccessKeyId}/20261128/us-east-1/sts/aws4_request", handler.Requests[0].Headers["Authorization"]);
        Assert.Contains("/us-east-1/iam/aws4_request", handler.Requests[1].Headers["Authorization"]);
        Assert.Equal("https://iam.amazonaws.com/", handler.Requests[1].Uri.ToString());
    }

    [Fact]
    public async Task A_secret_of_the_given_credentials_echoed_by_STS_is_masked_even_when_it_is_not_shaped_like_a_key()
    {
        const string secret = "plain-words-secret-value";
        var handler = FakeIamHandler.Answering(() => FakeIamHandler.Error("InvalidClientTokenId", $"The security token {secret} is invalid.", HttpStatusCode.Forbidden));
        using var client = TestClients.Over(handler);

        var failure = await Assert.ThrowsAsync<IamApiException>(() =>
            client.GetCallerIdentityAsync(new StaticIamCredentials("AKIANEWKEY0000000001", secret), CancellationToken.None));

        Assert.Equal(IamErrorCode.AuthFailure, failure.ErrorCode);
        Assert.DoesNotContain(secret, failure.ToString());
        Assert.Contains(IamSecretScrubber.Mask, failure.IamMessage);
    }

    [Theory]
    [InlineData("https://iam.amazonaws.com/", "us-east-1", null, "https://sts.us-east-1.amazonaws.com/")]
    [InlineData("https://iam.us-gov.amazonaws.com/", "us-gov-west-1", null, "https://sts.us-gov-west-1.amazonaws.com/")]
    [InlineData("https://iam.cn-north-1.amazonaws.com.cn/", "cn-north-1", null, "https://sts.cn-north-1.amazonaws.com.cn/")]
    [InlineData("http://127.0.0.1:4599/", "us-east-1", null, "http://127.0.0.1:4599/")]
    [InlineData("https://iam.amazonaws.com/", "us-east-1", "http://127.0.0.1:4566/", "http://127.0.0.1:4566/")]
    public void The_STS_endpoint_is_AWS_ENDPOINT_URL_STS_else_an_IAM_compatible_endpoint_itself_else_STS_Regional_endpoint(
        string iamEndpoint, string region, string? variable, string expected)
    {
        var options = new IamClientOptions { Endpoint = new Uri(iamEndpoint), SigningRegion = region };

        var resolved = options.ResolveStsEndpoint(name => name == "AWS_ENDPOINT_URL_STS" ? variable : null);

        Assert.Equal(expected, resolved.ToString());
    }

    [Fact]
    public void A_configured_STS_endpoint_wins_over_the_variable_and_a_bad_variable_is_named_in_the_error()
    {
        var configured = new IamClientOptions { StsEndpoint = new Uri("http://sts.internal:8080/") };
        var fromBadVariable = new IamClientOptions();

        Assert.Equal("http://sts.internal:8080/", configured.ResolveStsEndpoint(_ => "http://127.0.0.1:1/").ToString());
        var error = Assert.Throws<ArgumentException>(() => fromBadVariable.ResolveStsEndpoint(_ => "not a url"));
        Assert.Contains("AWS_ENDPOINT_URL_STS", error.Message);
    }
}
