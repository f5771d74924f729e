namespace IamOperator.Resources.Dependencies;

/// <summary>One of the four kinds in one namespace, by metadata.name: the Kubernetes identity of a resource.</summary>
public sealed record ObjectKey(string Kind, string Namespace, string Name)
{
    /// <summary>The namespace a resource without metadata.namespace lives in, as the apiserver and kubectl default it.</summary>
    public const string DefaultNamespace = "default";

    public static ObjectKey Of(IIamResource resource) => new(
        resource.Kind,
        string.IsNullOrEmpty(resource.Metadata.NamespaceProperty) ? DefaultNamespace : resource.Metadata.NamespaceProperty,
        resource.Metadata.Name ?? "");

    public override string ToString() => $"{Kind} {Namespace}/{Name}";
}

/// <summary>
/// What a reference names: another resource (<c>groupRefs</c>, <c>policyRefs</c>, a boundary's <c>policyRef</c>), an IAM
/// group by its IAM name (<c>groupNames</c>), or a managed policy by its ARN (<c>managedPolicyArns</c>, a boundary's
/// <c>policyArn</c>). The latter two match a declared IamGroup or IamPolicy when its IAM identity is the one named.
/// </summary>
public abstract record DependencyTarget
{
    private DependencyTarget()
    {
    }

    /// <summary>Equal for two targets that name the same thing; IAM names are unique regardless of case.</summary>
    public abstract string MatchKey { get; }

    /// <summary>A resource by Kubernetes reference.</summary>
    public sealed record Resource(ObjectKey Key) : DependencyTarget
    {
        public override string MatchKey => $"ref:{Key.Kind}/{Key.Namespace}/{Key.Name}";

        public override string ToString() => Key.ToString();
    }

    /// <summary>An IAM group by IAM name.</summary>
    public sealed record GroupName(string Name) : DependencyTarget
    {
        public override string MatchKey => $"group:{Name.ToLowerInvariant()}";

        public override string ToString() => $"IAM group {Name}";
    }

    /// <summary>
    /// A customer managed policy by ARN. Matched on path and name only: the account is the one the operator manages
    /// (and unknown before a policy exists), while AWS managed policies (account <c>aws</c>) never match a resource.
    /// </summary>
    public sealed record PolicyArn(string Arn) : DependencyTarget
    {
        public override string MatchKey => PathAndName(Arn) is { } pathAndName ? KeyOf(pathAndName) : $"arn:{Arn}";

        public override string ToString() => $"managed policy {Arn}";

        /// <summary>The match key of a customer managed policy with this "/path/name", whatever its account.</summary>
        internal static string KeyOf(string pathAndName) => $"policy:{pathAndName.ToLowerInvariant()}";

        /// <summary>"/path/name" of a customer managed policy ARN (arn:PARTITION:iam::ACCOUNT:policy/path/name), else null.</summary>
        internal static string? PathAndName(string arn)
        {
            var parts = arn.Split(':', 6);
            return parts.Length == 6 && parts[2] == "iam" && parts[4] != "aws" && parts[5].StartsWith("policy/", StringComparison.Ordinal)
                ? parts[5]["policy".Length..]
                : null;
        }
    }
}

/// <summary>One reference as declared: the resource that holds it, the field (as the spec names it) and what it names.</summary>
public sealed record DependencyReference(ObjectKey Dependent, string Field, DependencyTarget Target)
{
    public override string ToString() => $"{Dependent} ({Field})";
}

/// <summary>
/// What dependents can see of a dependency: whether they can use it (it exists in IAM: Ready was reported and it is not
/// being deleted), its ARN and its IAM name. A change of any of these is what wakes dependents.
/// </summary>
public sealed record DependencyState(bool Usable, string? Arn, string IamName, string Path);
