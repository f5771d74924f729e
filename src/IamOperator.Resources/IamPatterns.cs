namespace IamOperator.Resources;

/// <summary>
/// The one home of IAM's and Kubernetes' name, path and ARN patterns: the CRD (Go RE2 in the apiserver),
/// the folder-mode validator and the reconciler (.NET) all read these, so they never disagree. Written in
/// the subset both regex engines read the same way, always anchored, ASCII classes spelled out.
/// </summary>
public static class IamPatterns
{
    /// <summary>IAM user, group, role, policy and inline policy names: <c>[\w+=,.@-]+</c> (IAM API reference, e.g. CreateUser UserName).</summary>
    public const string IamName = "^[A-Za-z0-9_+=,.@-]+$";

    /// <summary>IAM paths: "/" or "/segments/", printable ASCII without spaces (CreateUser Path: <c>(\u002F)|(\u002F[\u0021-\u007E]+\u002F)</c>).</summary>
    public const string IamPath = "^(/|/[!-~]+/)$";

    /// <summary>
    /// A managed policy ARN, <c>arn:PARTITION:iam::ACCOUNT:policy/PATH/NAME</c> (IAM identifiers): AWS managed
    /// (account "aws") or customer managed (12-digit account), any partition (aws, aws-cn, aws-us-gov, aws-iso-b...).
    /// The path is <see cref="IamPath"/> without its leading '/', the name is <see cref="IamName"/>.
    /// </summary>
    public const string ManagedPolicyArn = "^arn:aws(-[a-z]+)*:iam::(aws|[0-9]{12}):policy/([!-~]+/)?[A-Za-z0-9_+=,.@-]+$";

    /// <summary>An IAM OIDC identity provider ARN, e.g. arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE.</summary>
    public const string OidcProviderArn = "^arn:aws(-[a-z]+)*:iam::[0-9]{12}:" + OidcProviderResource + "[!-~]+$";

    /// <summary>What precedes the issuer (host and path) in an OIDC provider ARN.</summary>
    public const string OidcProviderResource = "oidc-provider/";

    /// <summary>Descriptions of roles and policies (CreateRole Description: <c>[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*</c>).</summary>
    public const string Description = "^[\\t\\n\\r -~\\xA1-\\xFF]*$";

    /// <summary>Tag values (Tag Value: <c>[\p{L}\p{Z}\p{N}_.:/=+\-@]*</c>).</summary>
    public const string TagValue = "^[\\p{L}\\p{Z}\\p{N}_.:/=+@-]*$";

    /// <summary>Tag keys (Tag Key: <c>[\p{L}\p{Z}\p{N}_.:/=+\-@]+</c>).</summary>
    public const string TagKey = "^[\\p{L}\\p{Z}\\p{N}_.:/=+@-]+$";

    /// <summary>
    /// A concrete IAM action name, <c>service:Action</c> (e.g. <c>s3:GetObject</c>, <c>execute-api:Invoke</c>): a
    /// service prefix of letters, digits and '-', an action of letters and digits; no wildcards, since the policy
    /// simulator judges the actions a request names.
    /// </summary>
    public const string IamAction = "^[A-Za-z0-9-]+:[A-Za-z0-9]+$";

    /// <summary>The resource of an access check: <c>*</c> or an ARN in printable ASCII without spaces.</summary>
    public const string AccessCheckResource = "^(\\*|arn:[!-~]+)$";

    /// <summary>A condition key in a simulated request (ContextEntry ContextKeyName), e.g. aws:RequestedRegion, aws:PrincipalTag/team.</summary>
    public const string ContextKeyName = "^[!-~]+$";

    /// <summary>Kubernetes object names (DNS-1123 subdomain, up to 253 characters).</summary>
    public const string DnsSubdomain = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

    /// <summary>Kubernetes namespace names (DNS-1123 label, up to 63 characters).</summary>
    public const string DnsLabel = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
}
