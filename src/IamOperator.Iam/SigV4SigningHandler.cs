using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.SecurityToken;

namespace IamOperator.Iam;

/// <summary>
/// Signs each outgoing request with the AWS SDK's SigV4 signer (service <c>iam</c> unless the request names another,
/// e.g. <c>sts</c>; the configured region). Every attempt is signed afresh, so retries carry a current X-Amz-Date.
/// The session token is added before signing because the signer does not add it itself. A request may carry its own
/// credentials (<see cref="CredentialsOption"/>); the caller has taught their secret to the scrubber.
/// </summary>
internal sealed class SigV4SigningHandler : DelegatingHandler
{
    public const string ServiceName = "iam";

    /// <summary>The SigV4 service a request is signed for when it is not IAM's.</summary>
    public static readonly HttpRequestOptionsKey<string> SigningServiceOption = new("iamoperator.sigv4.service");

    /// <summary>Credentials that sign this one request instead of the client's.</summary>
    public static readonly HttpRequestOptionsKey<StaticIamCredentials> CredentialsOption = new("iamoperator.sigv4.credentials");

    private readonly IamCredentialSource credentials;
    private readonly string region;
    private readonly TimeProvider timeProvider;
    // The signer reads a client config only for region/service fallbacks; both are overridden per request.
    private static readonly AmazonSecurityTokenServiceConfig SignerConfig = new() { AuthenticationServiceName = ServiceName };

    public SigV4SigningHandler(IamCredentialSource credentials, string region, TimeProvider timeProvider, HttpMessageHandler inner)
        : base(inner)
    {
        this.credentials = credentials;
        this.region = region;
        this.timeProvider = timeProvider;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var credentials = request.Options.TryGetValue(CredentialsOption, out var given)
            ? new ImmutableCredentials(given.AccessKeyId, given.SecretAccessKey, given.SessionToken)
            : await this.credentials.GetAsync(cancellationToken).ConfigureAwait(false);
        var service = request.Options.TryGetValue(SigningServiceOption, out var named) ? named : ServiceName;
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var headers = Sign(request.Method.Method, request.RequestUri!, request.Content?.Headers.ContentType?.ToString(), body,
            credentials.AccessKey, credentials.SecretKey, credentials.UseToken ? credentials.Token : null, region,
            timeProvider.GetUtcNow().UtcDateTime, service);
        foreach (var (name, value) in headers)
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The headers to add to a request so IAM accepts it: Authorization, X-Amz-Date,
    /// X-Amz-Content-SHA256 and, for session credentials, X-Amz-Security-Token.
    /// </summary>
    internal static IReadOnlyList<KeyValuePair<string, string>> Sign(
        string method, Uri requestUri, string? contentType, byte[] body,
        string accessKeyId, string secretAccessKey, string? sessionToken, string region, DateTime signedAtUtc, string service = ServiceName)
    {
        var request = new DefaultRequest(new IamQuerySigningRequest(), "IAM")
        {
            HttpMethod = method,
            Endpoint = new Uri(requestUri.GetLeftPart(UriPartial.Authority)),
            ResourcePath = requestUri.AbsolutePath,
            Content = body,
            UseQueryString = requestUri.Query.Length > 1,
            AuthenticationRegion = region,
            OverrideSigningServiceName = service,
        };
        // IAM's Query API takes its parameters in the form body; a query string (GET) is signed too.
        foreach (var pair in requestUri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = pair.IndexOf('=');
            var name = Uri.UnescapeDataString(separator < 0 ? pair : pair[..separator]);
            request.Parameters[name] = separator < 0 ? "" : Uri.UnescapeDataString(pair[(separator + 1)..]);
        }
        if (contentType is not null)
            request.Headers["Content-Type"] = contentType;
        if (sessionToken is not null)
            request.Headers["X-Amz-Security-Token"] = sessionToken;

        var result = new AWS4Signer().SignRequest(request, SignerConfig, null, accessKeyId, secretAccessKey, signedAtUtc);

        var headers = new List<KeyValuePair<string, string>>
        {
            new("Authorization", result.ForAuthorizationHeader),
            new("X-Amz-Date", request.Headers["X-Amz-Date"]),
            new("X-Amz-Content-SHA256", request.Headers["X-Amz-Content-SHA256"]),
        };
        if (sessionToken is not null)
            headers.Add(new("X-Amz-Security-Token", sessionToken));
        return headers;
    }
}
