namespace IamOperator.Resources;

/// <summary>One of the operator's four custom resource kinds, named as its CRD, the apiserver and kubectl know it.</summary>
public sealed record CrdKind(string Kind, string Plural, string ShortName, Type ResourceType)
{
    public string Singular => Kind.ToLowerInvariant();
    public string CrdName => $"{Plural}.{KubernetesApiGroup.Group}";
}
