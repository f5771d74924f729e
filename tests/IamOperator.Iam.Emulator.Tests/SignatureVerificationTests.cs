using System.Net.Http.Headers;
using IamOperator.Iam.Emulator.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace IamOperator.Iam.Emulator.Tests;

/// <summary>SigV4 as IAM verifies it: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html</summary>
public sealed class SignatureVerificationTests
{
    private static readonly DateTimeOffset VectorTime = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    // The SigV4 test suite's key pair (note the '+' in the secret, unlike the IAM user guide's example key).
    private static readonly EmulatorCredential VectorCredential = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

    [Fact]
    public async Task Request_signed_by_the_AWS_SDK_signer_with_the_default_credentials_is_accepted()
    {
        await using var iam = await EmulatorHarness.StartAsync();

        var response = await iam.CallAsync("ListUsers");

        Assert.Equal(200, response.Status);
        Assert.Equal("false", response.Value("IsTruncated"));
    }

    [Fact]
    public async Task Published_IAM_ListUsers_test_vector_is_accepted_over_HTTP()
    {
        // The GET example from the AWS SigV4 documentation, replayed byte for byte at its own time.
        var options = new IamEmulatorOptions
        {
            Credentials = [VectorCredential],
            TimeProvider = new FakeTimeProvider(VectorTime),
        };
        await using var iam = await EmulatorHarness.StartAsync(options);

        var response = await iam.Client.SendRawAsync(VectorRequest(iam.Server.Endpoint, "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"));

        Assert.True(response.IsSuccess, response.RawBody);
    }

    [Fact]
    public async Task Published_test_vector_with_one_changed_signature_digit_answers_SignatureDoesNotMatch()
    {
        var options = new IamEmulatorOptions
        {
            Credentials = [VectorCredential],
            TimeProvider = new FakeTimeProvider(VectorTime),
        };
        await using var iam = await EmulatorHarness.StartAsync(options);

        var response = await iam.Client.SendRawAsync(VectorRequest(iam.Server.Endpoint, "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d8"));

        Assert.Equal(403, response.Status);
        Assert.Equal("SignatureDoesNotMatch", response.ErrorCode);
    }

    [Fact]
    public async Task Unsigned_request_answers_MissingAuthenticationToken_403()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        var message = new HttpRequestMessage(HttpMethod.Post, iam.Server.Endpoint)
        {
            Content = new StringContent(SigningIamClient.Body("ListUsers"), System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"),
        };

        var response = await iam.Client.SendRawAsync(message);

        Assert.Equal(403, response.Status);
        Assert.Equal("MissingAuthenticationToken", response.ErrorCode);
        Assert.Equal("Sender", response.ErrorType);
    }

    [Fact]
    public async Task Wrong_secret_answers_SignatureDoesNotMatch_403()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        using var client = iam.ClientFor(EmulatorCredential.DocumentationExample with { SecretAccessKey = "not-the-secret" });

        var response = await client.CallAsync("ListUsers");

        Assert.Equal(403, response.Status);
        Assert.Equal("SignatureDoesNotMatch", response.ErrorCode);
    }

    [Fact]
    public async Task Unknown_access_key_answers_InvalidClientTokenId_403()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        using var client = iam.ClientFor(new EmulatorCredential("AKIAUNKNOWNKEY000000", "secret"));

        var response = await client.CallAsync("ListUsers");

        Assert.Equal(403, response.Status);
        Assert.Equal("InvalidClientTokenId", response.ErrorCode);
    }

    [Fact]
    public async Task Body_changed_after_signing_answers_SignatureDoesNotMatch()
    {
        await using var iam = await EmulatorHarness.StartAsync();

        var response = await iam.Client.SendAsync(SigningIamClient.Body("CreateUser", ("UserName", "alice")), message =>
        {
            message.Content = new StringContent(SigningIamClient.Body("CreateUser", ("UserName", "mallory")));
            message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded; charset=utf-8");
        });

        Assert.Equal("SignatureDoesNotMatch", response.ErrorCode);
        Assert.Empty((await iam.OkAsync("ListUsers")).All("Users/member"));
    }

    [Fact]
    public async Task Signature_scoped_to_another_region_answers_SignatureDoesNotMatch_naming_the_region()
    {
        await using var iam = await EmulatorHarness.StartAsync();

        var response = await iam.Client.SendAsync(SigningIamClient.Body("ListUsers"), mutate: null, region: "eu-west-1");

        Assert.Equal("SignatureDoesNotMatch", response.ErrorCode);
        Assert.Contains("eu-west-1", response.ErrorMessage);
    }

    [Fact]
    public async Task Signature_scoped_to_a_service_other_than_iam_or_sts_answers_SignatureDoesNotMatch()
    {
        await using var iam = await EmulatorHarness.StartAsync();

        var response = await iam.Client.SendAsync(SigningIamClient.Body("ListUsers"), mutate: null, service: "s3");

        Assert.Equal("SignatureDoesNotMatch", response.ErrorCode);
        Assert.Contains("'iam'", response.ErrorMessage);
    }

    [Fact]
    public async Task Authorization_header_without_Signature_answers_IncompleteSignature_400()
    {
        await using var iam = await EmulatorHarness.StartAsync();

        var response = await iam.Client.SendAsync(SigningIamClient.Body("ListUsers"), message =>
        {
            var authorization = message.Headers.GetValues("Authorization").Single();
            message.Headers.Remove("Authorization");
            message.Headers.TryAddWithoutValidation("Authorization", authorization[..authorization.IndexOf(", Signature=", StringComparison.Ordinal)]);
        });

        Assert.Equal(400, response.Status);
        Assert.Equal("IncompleteSignature", response.ErrorCode);
    }

    [Theory]
    [InlineData(-16)]
    [InlineData(16)]
    public async Task Request_signed_more_than_15_minutes_from_the_server_clock_is_rejected(int skewMinutes)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        await using var iam = await EmulatorHarness.StartAsync(
            new IamEmulatorOptions { TimeProvider = clock },
            signingClock: () => clock.GetUtcNow().UtcDateTime.AddMinutes(skewMinutes));

        var response = await iam.CallAsync("ListUsers");

        Assert.Equal(403, response.Status);
        Assert.Equal("SignatureDoesNotMatch", response.ErrorCode);
        Assert.Contains(skewMinutes < 0 ? "Signature expired" : "Signature not yet current", response.ErrorMessage);
    }

    [Fact]
    public async Task Request_signed_14_minutes_ago_is_still_accepted()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        await using var iam = await EmulatorHarness.StartAsync(
            new IamEmulatorOptions { TimeProvider = clock },
            signingClock: () => clock.GetUtcNow().UtcDateTime.AddMinutes(-14));

        Assert.Equal(200, (await iam.CallAsync("ListUsers")).Status);
    }

    [Fact]
    public async Task Temporary_credentials_require_their_session_token()
    {
        var temporary = new EmulatorCredential("ASIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY") { SessionToken = "FwoGZXIvYXdzEXAMPLETOKEN" };
        await using var iam = await EmulatorHarness.StartAsync(new IamEmulatorOptions { Credentials = [temporary] });
        using var withoutToken = iam.ClientFor(temporary with { SessionToken = null });
        using var wrongToken = iam.ClientFor(temporary with { SessionToken = "another-token" });

        Assert.Equal(200, (await iam.CallAsync("ListUsers")).Status);
        Assert.Equal("InvalidClientTokenId", (await withoutToken.CallAsync("ListUsers")).ErrorCode);
        Assert.Equal("InvalidClientTokenId", (await wrongToken.CallAsync("ListUsers")).ErrorCode);
    }

    [Fact]
    public async Task Session_token_sent_with_a_long_term_key_answers_InvalidClientTokenId()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        using var client = iam.ClientFor(EmulatorCredential.DocumentationExample with { SessionToken = "unexpected" });

        Assert.Equal("InvalidClientTokenId", (await client.CallAsync("ListUsers")).ErrorCode);
    }

    [Fact]
    public async Task Overridden_credentials_replace_the_documentation_example()
    {
        var own = new EmulatorCredential("AKIAOWNKEY0000000000", "own-secret");
        await using var iam = await EmulatorHarness.StartAsync(new IamEmulatorOptions { Credentials = [own] });
        using var example = iam.ClientFor(EmulatorCredential.DocumentationExample);

        Assert.Equal(200, (await iam.CallAsync("ListUsers")).Status);
        Assert.Equal("InvalidClientTokenId", (await example.CallAsync("ListUsers")).ErrorCode);
    }

    [Fact]
    public async Task Presigned_URL_from_the_AWS_SDK_presigner_is_accepted()
    {
        await using var iam = await EmulatorHarness.StartAsync();

        var response = await iam.Client.SendRawAsync(new HttpRequestMessage(HttpMethod.Get, Presign(iam.Server.Endpoint, DateTime.UtcNow, expiresSeconds: 60)));

        Assert.True(response.IsSuccess, response.RawBody);
        Assert.NotNull(response.Value("IsTruncated"));
    }

    [Fact]
    public async Task Presigned_URL_with_a_changed_parameter_answers_SignatureDoesNotMatch()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        var url = Presign(iam.Server.Endpoint, DateTime.UtcNow, expiresSeconds: 60).Replace("Action=ListUsers", "Action=ListRoles", StringComparison.Ordinal);

        var response = await iam.Client.SendRawAsync(new HttpRequestMessage(HttpMethod.Get, url));

        Assert.Equal("SignatureDoesNotMatch", response.ErrorCode);
    }

    [Fact]
    public async Task Presigned_URL_more_than_15_minutes_past_its_expiry_answers_RequestExpired_400()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        await using var iam = await EmulatorHarness.StartAsync(new IamEmulatorOptions { TimeProvider = clock });
        var url = Presign(iam.Server.Endpoint, clock.GetUtcNow().UtcDateTime, expiresSeconds: 60);

        clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(59));
        var withinGrace = await iam.Client.SendRawAsync(new HttpRequestMessage(HttpMethod.Get, url));
        clock.Advance(TimeSpan.FromSeconds(2));
        var expired = await iam.Client.SendRawAsync(new HttpRequestMessage(HttpMethod.Get, url));

        Assert.Equal(200, withinGrace.Status);
        Assert.Equal(400, expired.Status);
        Assert.Equal("RequestExpired", expired.ErrorCode);
    }

    /// <summary>A GET ListUsers URL presigned by AWSSDK.Core's AWS4PreSignedUrlSigner.</summary>
    private static string Presign(Uri endpoint, DateTime signedAt, int expiresSeconds)
    {
        var request = new Amazon.Runtime.Internal.DefaultRequest(new PresignRequest(), "IAM")
        {
            HttpMethod = "GET",
            Endpoint = endpoint,
            ResourcePath = "/",
            AuthenticationRegion = "us-east-1",
        };
        request.Parameters["Action"] = "ListUsers";
        request.Parameters["Version"] = "2010-05-08";
        request.Parameters["X-Amz-Expires"] = expiresSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var config = new Amazon.SecurityToken.AmazonSecurityTokenServiceConfig { AuthenticationRegion = "us-east-1", AuthenticationServiceName = "iam" };
        var credential = EmulatorCredential.DocumentationExample;
        var result = Amazon.Runtime.Internal.Auth.AWS4PreSignedUrlSigner.SignRequest(
            request, config, null, credential.AccessKeyId, credential.SecretAccessKey, "iam", "us-east-1", signedAt);
        var query = string.Join('&', request.Parameters.Select(pair => $"{Uri.EscapeDataString(pair.Key)}={Uri.EscapeDataString(pair.Value)}"));
        return $"{endpoint}?{query}&{result.ForQueryParameters}";
    }

    private sealed class PresignRequest : Amazon.Runtime.AmazonWebServiceRequest;

    private static HttpRequestMessage VectorRequest(Uri endpoint, string signature)
    {
        var message = new HttpRequestMessage(HttpMethod.Get, new Uri(endpoint, "/?Action=ListUsers&Version=2010-05-08"))
        {
            Content = new ByteArrayContent([]),
        };
        message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded; charset=utf-8");
        message.Headers.Host = "iam.amazonaws.com";
        message.Headers.TryAddWithoutValidation("X-Amz-Date", "20150830T123600Z");
        message.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature={signature}");
        return message;
    }
}
