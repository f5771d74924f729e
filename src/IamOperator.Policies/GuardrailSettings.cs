namespace IamOperator.Policies;

/// <summary>Operator settings for guardrails; on by default.</summary>
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

    public static GuardrailSettings Default { get; } = new();
}

/// <summary>A managed policy that is denied except in <see cref="ExceptNamespaces"/>.</summary>
public sealed record DeniedManagedPolicy(string PolicyArn, IReadOnlyList<string> ExceptNamespaces);
