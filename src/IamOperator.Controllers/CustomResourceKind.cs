namespace IamOperator.Controllers;

/// <summary>
/// Identifies a namespaced custom resource type the way its REST path does
/// (<c>/apis/{Group}/{Version}/namespaces/{ns}/{Plural}</c>), plus the <c>kind</c> written in objects.
/// </summary>
public sealed record CustomResourceKind(string Group, string Version, string Plural, string Kind)
{
    public string ApiVersion => $"{Group}/{Version}";

    /// <summary>The resource as the apiserver names it in messages, e.g. <c>widgets.example.com</c>.</summary>
    public string GroupResource => $"{Plural}.{Group}";

    public override string ToString() => $"{Kind} ({GroupResource}/{Version})";
}
