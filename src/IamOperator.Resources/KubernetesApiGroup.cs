namespace IamOperator.Resources;

/// <summary>The operator's Kubernetes API group (iamoperator.dev), its version and the custom resource kinds it serves.</summary>
public static class KubernetesApiGroup
{
    public const string Group = "iamoperator.dev";
    public const string Version = "v1alpha1";
    public const string ApiVersion = Group + "/" + Version;
    /// <summary>The category that makes <c>kubectl get iam</c> list every kind.</summary>
    public const string Category = "iam";

    /// <summary>
    /// The tag key the operator puts on every entity it owns (value: owner id/namespace/name). Reserved:
    /// a spec may not declare it, and it counts against IAM's 50 tags, so a spec may declare 49.
    /// </summary>
    public const string OwnerTagKey = Group + "/owner";

    /// <summary>In dependency order: what others reference comes first.</summary>
    public static IReadOnlyList<CrdKind> Kinds { get; } =
    [
        new(IamPolicy.KindName, IamPolicy.Plural, "iamp", typeof(IamPolicy)),
        new(IamGroup.KindName, IamGroup.Plural, "iamg", typeof(IamGroup)),
        new(IamUser.KindName, IamUser.Plural, "iamu", typeof(IamUser)),
        new(IamServiceRole.KindName, IamServiceRole.Plural, "iamsr", typeof(IamServiceRole)),
        new(IamAccountPasswordPolicy.KindName, IamAccountPasswordPolicy.Plural, "iamapp", typeof(IamAccountPasswordPolicy), ClusterScoped: true),
    ];

    public static CrdKind? FindKind(string kind) => Kinds.FirstOrDefault(k => k.Kind == kind);
}
