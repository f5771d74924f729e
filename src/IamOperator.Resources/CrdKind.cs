namespace IamOperator.Resources;

/// <summary>One of the operator's custom resource kinds, named as its CRD, the apiserver and kubectl know it.</summary>
/// <param name="ClusterScoped">An object of the whole AWS account (one per account), not of a namespace.</param>
public sealed record CrdKind(string Kind, string Plural, string ShortName, Type ResourceType, bool ClusterScoped = false)
{
    /// <summary>The CRD's scope: Namespaced or Cluster.</summary>
    public string Scope => ClusterScoped ? "Cluster" : "Namespaced";

    public string Singular => Kind.ToLowerInvariant();
    public string CrdName => $"{Plural}.{KubernetesApiGroup.Group}";
}
