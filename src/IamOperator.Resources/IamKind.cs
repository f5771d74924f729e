namespace IamOperator.Resources;

/// <summary>Names of one kind as the apiserver and kubectl know them.</summary>
public sealed record IamKind(string Kind, string Plural, string ShortName, Type ResourceType)
{
    public string Singular => Kind.ToLowerInvariant();
    public string CrdName => $"{Plural}.{KubernetesApiGroup.Group}";
}
