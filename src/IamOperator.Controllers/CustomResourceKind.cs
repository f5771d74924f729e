namespace IamOperator.Controllers;

/// <summary>
/// Identifies a custom resource type the way its REST path does, plus the <c>kind</c> written in objects:
/// <c>/apis/{Group}/{Version}/namespaces/{ns}/{Plural}</c> for a namespaced kind, <c>/apis/{Group}/{Version}/{Plural}</c>
/// for a cluster-scoped one (<paramref name="ClusterScoped"/>, the CRD's <c>scope: Cluster</c>), whose objects have no
/// <c>metadata.namespace</c>.
/// </summary>
/// <param name="ClusterScoped">The CRD's scope is Cluster: objects are in no namespace, and every path omits one.</param>
public sealed record CustomResourceKind(string Group, string Version, string Plural, string Kind, bool ClusterScoped = false)
{
    public string ApiVersion => $"{Group}/{Version}";

    /// <summary>The resource as the apiserver names it in messages, e.g. <c>widgets.example.com</c>.</summary>
    public string GroupResource => $"{Plural}.{Group}";

    /// <summary>
    /// The namespace of one object's path: for a namespaced kind the given one, which is required; for a cluster-scoped
    /// kind null, and a namespace given (other than empty, how caches and queue keys write "none") is a mistake.
    /// </summary>
    public string? ObjectNamespace(string? @namespace) => ClusterScoped
        ? string.IsNullOrEmpty(@namespace) ? null
            : throw new ArgumentException($"{GroupResource} is cluster-scoped: its objects have no namespace, not '{@namespace}'.", nameof(@namespace))
        : string.IsNullOrEmpty(@namespace)
            ? throw new ArgumentException($"{GroupResource} is namespaced: a namespace is required.", nameof(@namespace))
            : @namespace;

    /// <summary>
    /// The namespace of a list or watch: for a namespaced kind the given one, null meaning all; for a cluster-scoped kind
    /// null (the whole cluster), and a namespace given is a mistake.
    /// </summary>
    public string? CollectionNamespace(string? @namespace) => ClusterScoped && !string.IsNullOrEmpty(@namespace)
        ? throw new ArgumentException($"{GroupResource} is cluster-scoped: it is listed and watched cluster-wide, not in '{@namespace}'.", nameof(@namespace))
        : ClusterScoped ? null : @namespace;

    public override string ToString() => $"{Kind} ({GroupResource}/{Version}{(ClusterScoped ? ", cluster-scoped" : "")})";
}
