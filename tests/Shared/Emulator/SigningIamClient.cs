using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.SecurityToken;
using IamOperator.Iam.Emulator;

namespace IamOperator.Testing;

/// <summary>
/// Calls the emulator the way an AWS SDK does: a form POST signed by the AWS SDK's own SigV4
/// signer (AWSSDK.Core's AWS4Signer), so the emulator's verifier is checked against an independent implementation.
/// </summary>
public sealed class SigningIamClient(Uri endpoint, EmulatorCredential credential, Func<DateTime>? signingClock = null) : IDisposable
{
    private const string FormContentType = "application/x-www-form-urlencoded; charset=utf-8";
    private static readonly AmazonSecurityTokenServiceConfig SignerConfig = new() { AuthenticationRegion = "us-east-1", AuthenticationServiceName = "iam" };
    private readonly HttpClient http = new();

    public Task<IamResponse> CallAsync(string action, params (string Name, string Value)[] parameters) =>
        SendAsync(Body(action, parameters), mutate: null);

    /// <summary>Signs the request, lets the test tamper with it, then sends it.</summary>
    public async Task<IamResponse> SendAsync(string body, Action<HttpRequestMessage>? mutate, string region = "us-east-1", string service = "iam")
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var message = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(bytes) };
        message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(FormContentType);
        foreach (var (name, value) in Sign(bytes, region, service))
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        mutate?.Invoke(message);
        return await SendRawAsync(message);
    }

    public async Task<IamResponse> SendRawAsync(HttpRequestMessage message)
    {
        using var response = await http.SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();
        return new IamResponse((int)response.StatusCode, XDocument.Parse(text), text);
    }

    public static string Body(string action, params (string Name, string Value)[] parameters) =>
        string.Join('&', new[] { ("Action", action), ("Version", "2010-05-08") }.Concat(parameters)
            .Select(pair => $"{Uri.EscapeDataString(pair.Item1)}={Uri.EscapeDataString(pair.Item2)}"));

    private IReadOnlyList<(string Name, string Value)> Sign(byte[] body, string region, string service)
    {
        var request = new DefaultRequest(new QueryRequest(), "IAM")
        {
            HttpMethod = "POST",
            Endpoint = endpoint,
            ResourcePath = "/",
            Content = body,
            AuthenticationRegion = region,
            OverrideSigningServiceName = service,
        };
        request.Headers["Content-Type"] = FormContentType;
        if (credential.SessionToken is not null)
        {
            request.Headers["X-Amz-Security-Token"] = credential.SessionToken;
        }

        var signedAt = signingClock?.Invoke() ?? DateTime.UtcNow;
        var result = new AWS4Signer().SignRequest(request, SignerConfig, null, credential.AccessKeyId, credential.SecretAccessKey, signedAt);
        var headers = new List<(string, string)>
        {
            ("Authorization", result.ForAuthorizationHeader),
            ("X-Amz-Date", request.Headers["X-Amz-Date"]),
            ("X-Amz-Content-SHA256", request.Headers["X-Amz-Content-SHA256"]),
        };
        if (credential.SessionToken is not null)
        {
            headers.Add(("X-Amz-Security-Token", credential.SessionToken));
        }

        return headers;
    }

    public void Dispose() => http.Dispose();

    private sealed class QueryRequest : AmazonWebServiceRequest;
}
