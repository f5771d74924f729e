namespace IamOperator.Iam;

/// <summary>
/// Where and as whom one Query call goes. IAM's calls use the client's endpoint, SigV4 service <c>iam</c>, the client's
/// credentials and the account's shared IAM rate limiter; an STS call goes to STS's endpoint, signed for <c>sts</c>,
/// outside IAM's budget (STS throttles separately), optionally with other credentials.
/// </summary>
internal sealed record IamQueryTarget(Uri Endpoint, string SigningService, string RpcService, bool UsesIamRateLimit, StaticIamCredentials? Credentials = null);
