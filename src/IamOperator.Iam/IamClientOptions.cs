namespace IamOperator.Iam;

/// <summary>
/// How the IAM client reaches IAM: endpoint, signing region, the shared rate limit, retries and
/// credentials. Defaults are the commercial partition's global endpoint and no fixed rate: IAM
/// throttles per account, shares that budget with every other tool of the account and publishes no
/// number for it, so the client finds the rate from IAM's answers (<see cref="IamRateController"/>).
/// </summary>
public sealed record IamClientOptions
{
    public Uri Endpoint { get; set; } = new("https://iam.amazonaws.com/");
    /// <summary>IAM is global; its SigV4 region is us-east-1 in the commercial partition.</summary>
    public string SigningRegion { get; set; } = "us-east-1";
    /// <summary>
    /// Ceiling of the process-wide IAM rate in requests per second; the adaptive limiter never goes above it.
    /// Null (the default) lets the limiter find the rate alone.
    /// </summary>
    public double? RequestsPerSecond { get; set; }
    /// <summary>Most requests that may go out at once after a quiet period; null is one second of the current rate.</summary>
    public int? Burst { get; set; }
    /// <summary>Attempts per call including the first, not counting attempts IAM throttled; 1 disables retries of other failures.</summary>
    public int MaxAttempts { get; set; } = 8;
    /// <summary>
    /// How long one call keeps retrying Throttling (paced by the shared limiter) before Throttling surfaces.
    /// Generous, because throttling means the account's budget is busy, not that the call is wrong.
    /// </summary>
    public TimeSpan MaxThrottledWait { get; set; } = TimeSpan.FromMinutes(15);
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(20);
    /// <summary>Upper bound for one HTTP attempt; a timed-out attempt counts as a network failure and is retried.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>Null means the AWS SDK default credential chain (environment, profile, IRSA, Pod Identity, IMDS).</summary>
    public StaticIamCredentials? Credentials { get; set; }
    /// <summary>
    /// Where sts:GetCallerIdentity goes (it verifies a new access key). Null resolves it as the AWS SDKs do; see
    /// <see cref="ResolveStsEndpoint"/>.
    /// </summary>
    public Uri? StsEndpoint { get; set; }

    /// <summary>The service-specific endpoint variable of the AWS SDKs for STS (AWS SDKs and Tools reference guide, "Service-specific endpoints").</summary>
    public const string StsEndpointVariable = "AWS_ENDPOINT_URL_STS";

    /// <summary>
    /// STS's endpoint: <see cref="StsEndpoint"/> when set; else <c>AWS_ENDPOINT_URL_STS</c>, as the AWS SDKs read it;
    /// else, when <see cref="Endpoint"/> is not AWS's (an emulator or another IAM-compatible endpoint, which answer STS
    /// on the same endpoint), that endpoint; else STS's Regional endpoint of <see cref="SigningRegion"/>, e.g.
    /// https://sts.us-east-1.amazonaws.com/ (Regional endpoints are AWS's recommendation: AWS SDKs and Tools reference
    /// guide, "AWS STS Regional endpoints"). Throws <see cref="ArgumentException"/> naming the variable when it is not
    /// an absolute http(s) URL.
    /// </summary>
    public Uri ResolveStsEndpoint(Func<string, string?>? environment = null)
    {
        if (StsEndpoint is { } configured)
            return configured;
        environment ??= Environment.GetEnvironmentVariable;
        if (environment(StsEndpointVariable) is { Length: > 0 } variable)
        {
            return Uri.TryCreate(variable.Trim(), UriKind.Absolute, out var fromVariable) && (fromVariable.Scheme == Uri.UriSchemeHttps || fromVariable.Scheme == Uri.UriSchemeHttp)
                ? fromVariable
                : throw new ArgumentException($"{StsEndpointVariable} must be an absolute http(s) URL, got '{variable}'.");
        }
        var host = Endpoint.Host;
        if (host.EndsWith(".amazonaws.com", StringComparison.OrdinalIgnoreCase))
            return new Uri($"https://sts.{SigningRegion}.amazonaws.com/");
        if (host.EndsWith(".amazonaws.com.cn", StringComparison.OrdinalIgnoreCase))
            return new Uri($"https://sts.{SigningRegion}.amazonaws.com.cn/");
        return Endpoint;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (!Endpoint.IsAbsoluteUri || (Endpoint.Scheme != Uri.UriSchemeHttps && Endpoint.Scheme != Uri.UriSchemeHttp))
            throw new ArgumentException($"IamClientOptions.Endpoint must be an absolute http(s) URI, got '{Endpoint}'.");
        if (string.IsNullOrWhiteSpace(SigningRegion))
            throw new ArgumentException("IamClientOptions.SigningRegion must not be empty (IAM in the aws partition signs for us-east-1).");
        if (RequestsPerSecond is { } rate && (!(rate > 0) || double.IsInfinity(rate)))
            throw new ArgumentException($"IamClientOptions.RequestsPerSecond must be a positive number (or unset for no ceiling), got {rate}.");
        if (Burst < 1)
            throw new ArgumentException($"IamClientOptions.Burst must be at least 1, got {Burst}.");
        if (MaxAttempts < 1)
            throw new ArgumentException($"IamClientOptions.MaxAttempts must be at least 1, got {MaxAttempts}.");
        if (MaxThrottledWait < TimeSpan.Zero)
            throw new ArgumentException($"IamClientOptions.MaxThrottledWait must be >= 0, got {MaxThrottledWait}.");
        if (BaseDelay < TimeSpan.Zero || MaxDelay < BaseDelay)
            throw new ArgumentException($"IamClientOptions.BaseDelay ({BaseDelay}) must be >= 0 and <= MaxDelay ({MaxDelay}).");
        if (AttemptTimeout <= TimeSpan.Zero)
            throw new ArgumentException($"IamClientOptions.AttemptTimeout must be positive, got {AttemptTimeout}.");
    }
}
