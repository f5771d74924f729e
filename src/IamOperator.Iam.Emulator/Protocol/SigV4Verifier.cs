using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace IamOperator.Iam.Emulator.Protocol;

/// <summary>
/// Verifies AWS Signature Version 4 on a request the way IAM does (header-based signing):
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
/// IAM is global: requests are scoped to region us-east-1 and service iam; the same endpoint also answers
/// sts:GetCallerIdentity, so a request scoped to service sts is verified the same way.
/// Written independently of the operator's signer on purpose.
/// </summary>
internal sealed class SigV4Verifier(Func<string, EmulatorCredential?> findCredential, TimeProvider timeProvider)
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string Region = "us-east-1";
    public const string Service = "iam";
    public const string StsService = "sts";

    /// <summary>How far a request's timestamp may be from the server clock, either way.</summary>
    public static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(15);

    /// <summary>Null when the signature is valid; otherwise the error IAM answers.</summary>
    public IamError? Verify(SignedRequest request)
    {
        var authorization = request.Header("Authorization");
        if (authorization is not null)
        {
            return VerifyHeader(request, authorization);
        }

        var query = QueryParameters(request.RawQuery);
        if (query.ContainsKey("X-Amz-Algorithm") || query.ContainsKey("X-Amz-Signature"))
        {
            return VerifyPresigned(request, query);
        }

        return new IamError("MissingAuthenticationToken", "Request is missing Authentication Token", 403);
    }

    /// <summary>Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…</summary>
    private IamError? VerifyHeader(SignedRequest request, string authorization)
    {
        if (!authorization.StartsWith(Algorithm + " ", StringComparison.Ordinal))
        {
            return Incomplete($"Authorization header requires existence of the algorithm {Algorithm}. Authorization={authorization}");
        }

        var fields = ParseAuthorization(authorization[(Algorithm.Length + 1)..]);
        foreach (var required in new[] { "Credential", "SignedHeaders", "Signature" })
        {
            if (!fields.ContainsKey(required))
            {
                return Incomplete($"Authorization header requires '{required}' parameter. Authorization={authorization}");
            }
        }

        var amzDate = request.Header("X-Amz-Date");
        if (amzDate is null && request.Header("Date") is { } httpDate
            && DateTimeOffset.TryParse(httpDate, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            amzDate = Basic(parsed);
        }

        if (amzDate is null)
        {
            return Incomplete("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=" + authorization);
        }

        var signedAt = ParseBasic(amzDate);
        if (signedAt is null)
        {
            return Incomplete($"Date must be in ISO-8601 'basic format'. Got '{amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601");
        }

        // Header signing: IAM answers clock skew beyond 15 minutes with SignatureDoesNotMatch.
        var now = timeProvider.GetUtcNow();
        IamError? skew = signedAt < now - AllowedSkew
            ? Mismatch($"Signature expired: {amzDate} is now earlier than {Basic(now - AllowedSkew)} ({Basic(now)} - 15 min.)")
            : signedAt > now + AllowedSkew
                ? Mismatch($"Signature not yet current: {amzDate} is still later than {Basic(now + AllowedSkew)} ({Basic(now)} + 15 min.)")
                : null;
        return Check(request, fields["Credential"], fields["SignedHeaders"], fields["Signature"], amzDate, skew, request.Header("X-Amz-Security-Token"), request.RawQuery);
    }

    /// <summary>
    /// Presigned URL: the signature and its parameters in the query string
    /// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html#sigv4-add-signature-querystring).
    /// </summary>
    private IamError? VerifyPresigned(SignedRequest request, Dictionary<string, string> query)
    {
        foreach (var required in new[] { "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature" })
        {
            if (!query.ContainsKey(required))
            {
                return Incomplete($"AWS query-string parameters must include '{required}'. Re-examine the query-string parameters.");
            }
        }

        if (query["X-Amz-Algorithm"] != Algorithm)
        {
            return Incomplete($"X-Amz-Algorithm only supports '{Algorithm}'.");
        }

        var amzDate = query["X-Amz-Date"];
        var signedAt = ParseBasic(amzDate);
        if (signedAt is null)
        {
            return Incomplete($"Date must be in ISO-8601 'basic format'. Got '{amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601");
        }

        if (!int.TryParse(query["X-Amz-Expires"], NumberStyles.None, CultureInfo.InvariantCulture, out var expires) || expires is < 1 or > 604800)
        {
            return Incomplete("X-Amz-Expires must be a number of seconds between 1 and 604800.");
        }

        // Common Errors, RequestExpired: more than 15 minutes after the expiration date, or dated more than 15 minutes in the future.
        var now = timeProvider.GetUtcNow();
        IamError? expiry = now > signedAt.Value.AddSeconds(expires) + AllowedSkew || signedAt > now + AllowedSkew
            ? new IamError("RequestExpired", "Request has expired.", 400)
            : null;
        var unsignedQuery = string.Join('&', request.RawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(pair => !pair.StartsWith("X-Amz-Signature=", StringComparison.Ordinal)));
        return Check(request, query["X-Amz-Credential"], query["X-Amz-SignedHeaders"], query["X-Amz-Signature"], amzDate, expiry, query.GetValueOrDefault("X-Amz-Security-Token"), unsignedQuery);
    }

    /// <summary>What both forms share: credential scope, key, token, timing, then the signature itself.</summary>
    private IamError? Check(SignedRequest request, string credentialScope, string signedHeaderList, string signature, string amzDate, IamError? timingError, string? sessionToken, string canonicalQuerySource)
    {
        var scope = credentialScope.Split('/');
        if (scope.Length != 5)
        {
            return Incomplete($"Credential should have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '{credentialScope}'");
        }

        var (accessKeyId, scopeDate, scopeRegion, scopeService, terminator) = (scope[0], scope[1], scope[2], scope[3], scope[4]);
        var credential = findCredential(accessKeyId);
        if (credential is null || credential.SessionToken != sessionToken)
        {
            // Unknown key; a temporary key without its token or with a wrong one; a token with a long-term key.
            return InvalidToken();
        }

        var signedHeaders = signedHeaderList.Split(';');
        if (!signedHeaders.Contains("host"))
        {
            return Incomplete("'Host' must be a 'SignedHeader' in the AWS Authorization.");
        }

        if (sessionToken is not null && request.Header("X-Amz-Security-Token") is not null && !signedHeaders.Contains("x-amz-security-token"))
        {
            return Mismatch("'X-Amz-Security-Token' must be a 'SignedHeader' in the AWS Authorization when a session token is sent.");
        }

        if (scopeDate != amzDate[..8])
        {
            return Mismatch($"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{scopeDate}' != '{amzDate[..8]}', from '{amzDate}'.");
        }

        if (scopeRegion != Region)
        {
            return Mismatch($"Credential should be scoped to a valid region, not '{scopeRegion}'. ");
        }

        if (scopeService is not (Service or StsService))
        {
            return Mismatch($"Credential should be scoped to correct service: '{Service}'. ");
        }

        if (terminator != "aws4_request")
        {
            return Mismatch($"Credential should be scoped with a valid terminator: 'aws4_request', not '{terminator}'. ");
        }

        if (timingError is not null)
        {
            return timingError;
        }

        var canonicalRequest = CanonicalRequest(request with { RawQuery = canonicalQuerySource }, signedHeaders);
        var stringToSign = string.Join('\n', Algorithm, amzDate, $"{scopeDate}/{scopeRegion}/{scopeService}/{terminator}", Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));
        var signingKey = SigningKey(credential.SecretAccessKey, scopeDate, scopeRegion, scopeService);
        var expected = Hex(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(stringToSign)));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature)))
        {
            return Mismatch("The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
        }

        return null;
    }

    /// <summary>Method, canonical URI, canonical query, canonical headers, signed headers, payload hash.</summary>
    public static string CanonicalRequest(SignedRequest request, IReadOnlyList<string> signedHeaders)
    {
        var canonicalHeaders = new StringBuilder();
        foreach (var name in signedHeaders)
        {
            var value = request.Header(name) ?? "";
            canonicalHeaders.Append(name).Append(':').Append(TrimAll(value)).Append('\n');
        }

        // The hash of the body as received: a declared X-Amz-Content-SHA256 cannot vouch for a different body.
        var payloadHash = Hex(SHA256.HashData(request.Body));

        return string.Join('\n',
            request.Method,
            CanonicalUri(request.Path),
            CanonicalQuery(request.RawQuery),
            canonicalHeaders.ToString(),
            string.Join(';', signedHeaders),
            payloadHash);
    }

    /// <summary>Each path segment URI-encoded (non-S3 services normalize and encode the path).</summary>
    private static string CanonicalUri(string path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "/";
        }

        var segments = path.Split('/').Select(segment => Encode(Uri.UnescapeDataString(segment)));
        return string.Join('/', segments);
    }

    /// <summary>Parameters sorted by encoded name then value, each name and value RFC 3986-encoded.</summary>
    private static string CanonicalQuery(string rawQuery)
    {
        if (string.IsNullOrEmpty(rawQuery))
        {
            return "";
        }

        var pairs = rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair =>
            {
                var equals = pair.IndexOf('=');
                var name = equals < 0 ? pair : pair[..equals];
                var value = equals < 0 ? "" : pair[(equals + 1)..];
                return (Name: Encode(Uri.UnescapeDataString(name.Replace('+', ' '))), Value: Encode(Uri.UnescapeDataString(value.Replace('+', ' '))));
            })
            .OrderBy(pair => pair.Name, StringComparer.Ordinal)
            .ThenBy(pair => pair.Value, StringComparer.Ordinal);
        return string.Join('&', pairs.Select(pair => $"{pair.Name}={pair.Value}"));
    }

    /// <summary>RFC 3986 unreserved characters stay; everything else is %XX in upper case.</summary>
    private static string Encode(string value)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static string TrimAll(string value) => string.Join(' ', value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static byte[] SigningKey(string secret, string date, string region, string service)
    {
        var kDate = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secret), Encoding.UTF8.GetBytes(date));
        var kRegion = HMACSHA256.HashData(kDate, Encoding.UTF8.GetBytes(region));
        var kService = HMACSHA256.HashData(kRegion, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(kService, "aws4_request"u8.ToArray());
    }

    private static Dictionary<string, string> ParseAuthorization(string parameters)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in parameters.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=');
            if (equals > 0)
            {
                fields[part[..equals]] = part[(equals + 1)..];
            }
        }

        return fields;
    }

    private static Dictionary<string, string> QueryParameters(string rawQuery)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            parameters[name] = Uri.UnescapeDataString(equals < 0 ? "" : pair[(equals + 1)..]);
        }

        return parameters;
    }

    private static DateTimeOffset? ParseBasic(string value) =>
        DateTimeOffset.TryParseExact(value, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : null;

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    private static string Basic(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private static IamError Incomplete(string message) => new("IncompleteSignature", message, 400);

    private static IamError Mismatch(string message) => new("SignatureDoesNotMatch", message, 403);

    private static IamError InvalidToken() => new("InvalidClientTokenId", "The security token included in the request is invalid.", 403);
}
