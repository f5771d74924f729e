using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime.Internal.Auth;
using Microsoft.Extensions.Time.Testing;

namespace IamOperator.Iam.Tests;

/// <summary>
/// The signing path against AWS's published SigV4 example for IAM ListUsers
/// (AWS General Reference, "Signature Version 4 signing process" examples: GET
/// https://iam.amazonaws.com/?Action=ListUsers&amp;Version=2010-05-08 at 20150830T123600Z,
/// key AKIDEXAMPLE, signature 5d672d79…b5d7).
/// </summary>
public class SigV4SigningTests
{
    private const string VectorAccessKey = "AKIDEXAMPLE";
    private const string VectorSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private const string VectorContentType = "application/x-www-form-urlencoded; charset=utf-8";
    private const string EmptyBodyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private const string VectorSignature = "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";
    private static readonly DateTime VectorTime = new(2015, 8, 30, 12, 36, 0, DateTimeKind.Utc);
    private static readonly Uri VectorUri = new("https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08");

    private const string VectorCanonicalRequest =
        "GET\n/\nAction=ListUsers&Version=2010-05-08\n" +
        "content-type:application/x-www-form-urlencoded; charset=utf-8\nhost:iam.amazonaws.com\nx-amz-date:20150830T123600Z\n\n" +
        "content-type;host;x-amz-date\n" + EmptyBodyHash;

    [Fact]
    public void SDK_signer_reproduces_the_published_IAM_ListUsers_signature()
    {
        var result = AWS4Signer.ComputeSignature(VectorAccessKey, VectorSecret, "us-east-1", VectorTime, "iam",
            "content-type;host;x-amz-date", VectorCanonicalRequest);

        Assert.Equal(VectorSignature, result.Signature);
    }

    [Fact]
    public void Reference_SigV4_of_these_tests_reproduces_the_published_signature()
    {
        Assert.Equal(VectorSignature, ReferenceSignature(VectorCanonicalRequest, VectorSecret, "20150830T123600Z", "us-east-1"));
    }

    [Fact]
    public void Signing_the_published_ListUsers_request_gives_its_scope_and_signs_its_canonical_form()
    {
        var headers = Sign("GET", VectorUri, VectorContentType, [], sessionToken: null);

        // The SDK signer also signs x-amz-content-sha256 (IAM accepts any extra signed header), so the
        // canonical request is the published one plus that header line.
        var expectedCanonical =
            "GET\n/\nAction=ListUsers&Version=2010-05-08\n" +
            "content-type:application/x-www-form-urlencoded; charset=utf-8\nhost:iam.amazonaws.com\n" +
            $"x-amz-content-sha256:{EmptyBodyHash}\nx-amz-date:20150830T123600Z\n\n" +
            "content-type;host;x-amz-content-sha256;x-amz-date\n" + EmptyBodyHash;
        var expectedSignature = ReferenceSignature(expectedCanonical, VectorSecret, "20150830T123600Z", "us-east-1");

        Assert.Equal("20150830T123600Z", headers["X-Amz-Date"]);
        Assert.Equal(EmptyBodyHash, headers["X-Amz-Content-SHA256"]);
        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, " +
            $"SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, Signature={expectedSignature}",
            headers["Authorization"]);
        Assert.False(headers.ContainsKey("X-Amz-Security-Token"));
    }

    [Fact]
    public void Form_body_is_hashed_and_signed_for_a_Query_API_POST()
    {
        const string body = "Action=ListUsers&Version=2010-05-08";
        var headers = Sign("POST", new Uri("https://iam.amazonaws.com/"), VectorContentType, Encoding.UTF8.GetBytes(body), sessionToken: null);

        var bodyHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)));
        var canonical =
            "POST\n/\n\n" +
            "content-type:application/x-www-form-urlencoded; charset=utf-8\nhost:iam.amazonaws.com\n" +
            $"x-amz-content-sha256:{bodyHash}\nx-amz-date:20150830T123600Z\n\n" +
            "content-type;host;x-amz-content-sha256;x-amz-date\n" + bodyHash;

        Assert.Equal(bodyHash, headers["X-Amz-Content-SHA256"]);
        Assert.EndsWith($"Signature={ReferenceSignature(canonical, VectorSecret, "20150830T123600Z", "us-east-1")}", headers["Authorization"]);
    }

    [Fact]
    public void Session_token_is_sent_and_covered_by_the_signature()
    {
        var headers = Sign("POST", new Uri("https://iam.amazonaws.com/"), VectorContentType, [], sessionToken: "FwoGZXIvYXdzEXAMPLETOKEN");

        Assert.Equal("FwoGZXIvYXdzEXAMPLETOKEN", headers["X-Amz-Security-Token"]);
        Assert.Contains("SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token,", headers["Authorization"]);
    }

    [Fact]
    public void Signing_region_comes_from_options_for_other_partitions()
    {
        var headers = SigV4SigningHandler.Sign("POST", new Uri("https://iam.cn-north-1.amazonaws.com.cn/"), VectorContentType, [],
            VectorAccessKey, VectorSecret, null, "cn-north-1", VectorTime).ToDictionary();

        Assert.Contains("Credential=AKIDEXAMPLE/20150830/cn-north-1/iam/aws4_request", headers["Authorization"]);
    }

    [Fact]
    public async Task Each_request_is_signed_at_the_client_clock_time_with_the_configured_key()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 1, 2, 3, TimeSpan.Zero));
        var handler = FakeIamHandler.Answering(() => FakeIamHandler.Empty("DeleteUser"));
        using var client = TestClients.Over(handler, time);

        await client.DeleteUserAsync("alice", CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.Equal("20261128T010203Z", request.Headers["X-Amz-Date"]);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261128/us-east-1/iam/aws4_request,", request.Headers["Authorization"]);
        Assert.Equal("application/x-www-form-urlencoded; charset=utf-8", request.ContentType);
    }

    private static Dictionary<string, string> Sign(string method, Uri uri, string contentType, byte[] body, string? sessionToken) =>
        SigV4SigningHandler.Sign(method, uri, contentType, body, VectorAccessKey, VectorSecret, sessionToken, "us-east-1", VectorTime).ToDictionary();

    /// <summary>SigV4 written out from the AWS documentation's steps, independent of the SDK.</summary>
    private static string ReferenceSignature(string canonicalRequest, string secret, string amzDate, string region)
    {
        var date = amzDate[..8];
        var scope = $"{date}/{region}/iam/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secret), date);
        key = Hmac(key, region);
        key = Hmac(key, "iam");
        key = Hmac(key, "aws4_request");
        return Convert.ToHexStringLower(Hmac(key, stringToSign));
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));
}
