namespace IamOperator.Policies;

/// <summary>
/// Operator settings for guardrails; on by default. <see cref="Enabled"/> switches the built-in rules
/// (star-on-star, NotAction on *, privilege escalation, PassRole on *, wildcard trust, AdministratorAccess warning) off; the
/// lists, the required boundary and the name prefixes apply whenever they are set, and the checks of
/// what IAM itself refuses (document shape, size) always apply.
/// </summary>
public sealed record GuardrailSettings
{
    public bool Enabled { get; init; } = true;
    /// <summary>If non-empty, only these managed policy ARNs may be attached (glob '*' allowed).</summary>
    public IReadOnlyList<string> AllowedManagedPolicyArns { get; init; } = [];
    /// <summary>Denied managed policy ARNs, each optionally limited to namespaces where they are still allowed.</summary>
    public IReadOnlyList<DeniedManagedPolicy> DeniedManagedPolicies { get; init; } = [];
    /// <summary>When set, users and roles must carry this permissions boundary.</summary>
    public string? RequiredPermissionsBoundaryArn { get; init; }
    /// <summary>Namespace → required IAM name prefix.</summary>
    public IReadOnlyDictionary<string, string> RequiredNamePrefixes { get; init; } = new Dictionary<string, string>();
    /// <summary>The account's role trust policy size quota (IAM default 2,048 non-whitespace characters; AWS can raise it).</summary>
    public int MaxTrustPolicySize { get; init; } = IamPolicySizeLimits.TrustPolicyDefault;

    public static GuardrailSettings Default { get; } = new();
}
