namespace IamOperator.Iam;

/// <summary>
/// How the IAM client reaches IAM: endpoint, signing region, the shared rate limit, retries and
/// credentials. Defaults are the commercial partition's global endpoint and a conservative rate,
/// because IAM throttles per account and does not raise that limit.
/// </summary>
public sealed record IamClientOptions
{
    public Uri Endpoint { get; set; } = new("https://iam.amazonaws.com/");
    /// <summary>IAM is global; its SigV4 region is us-east-1 in the commercial partition.</summary>
    public string SigningRegion { get; set; } = "us-east-1";
    /// <summary>Sustained IAM requests per second for the whole process (token bucket refill rate).</summary>
    public double RequestsPerSecond { get; set; } = 10;
    /// <summary>Bucket size: how many requests may go out at once after a quiet period.</summary>
    public int Burst { get; set; } = 20;
    /// <summary>Attempts per call including the first; 1 disables retries.</summary>
    public int MaxAttempts { get; set; } = 8;
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(20);
    /// <summary>Upper bound for one HTTP attempt; a timed-out attempt counts as a network failure and is retried.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>Null means the AWS SDK default credential chain (environment, profile, IRSA, Pod Identity, IMDS).</summary>
    public StaticIamCredentials? Credentials { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (!Endpoint.IsAbsoluteUri || (Endpoint.Scheme != Uri.UriSchemeHttps && Endpoint.Scheme != Uri.UriSchemeHttp))
            throw new ArgumentException($"IamClientOptions.Endpoint must be an absolute http(s) URI, got '{Endpoint}'.");
        if (string.IsNullOrWhiteSpace(SigningRegion))
            throw new ArgumentException("IamClientOptions.SigningRegion must not be empty (IAM in the aws partition signs for us-east-1).");
        if (!(RequestsPerSecond > 0) || double.IsInfinity(RequestsPerSecond))
            throw new ArgumentException($"IamClientOptions.RequestsPerSecond must be a positive number, got {RequestsPerSecond}.");
        if (Burst < 1)
            throw new ArgumentException($"IamClientOptions.Burst must be at least 1, got {Burst}.");
        if (MaxAttempts < 1)
            throw new ArgumentException($"IamClientOptions.MaxAttempts must be at least 1, got {MaxAttempts}.");
        if (BaseDelay < TimeSpan.Zero || MaxDelay < BaseDelay)
            throw new ArgumentException($"IamClientOptions.BaseDelay ({BaseDelay}) must be >= 0 and <= MaxDelay ({MaxDelay}).");
        if (AttemptTimeout <= TimeSpan.Zero)
            throw new ArgumentException($"IamClientOptions.AttemptTimeout must be positive, got {AttemptTimeout}.");
    }
}
