using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace IamOperator.Resources;

/// <summary>
/// The shape shared by the four kinds of API group <c>iamoperator.dev/v1alpha1</c>: standard
/// object metadata, a kind-specific spec and the common <see cref="IamResourceStatus"/>.
/// </summary>
public abstract class IamResource<TSpec> : IKubernetesObject<V1ObjectMeta>, ISpec<TSpec>, IIamResource
    where TSpec : IamEntitySpec, new()
{
    public const string Group = KubernetesApiGroup.Group;
    public const string Version = KubernetesApiGroup.Version;

    [JsonPropertyName("apiVersion")] public string ApiVersion { get; set; } = $"{Group}/{Version}";
    [JsonPropertyName("kind")] public string Kind { get; set; } = "";
    [JsonPropertyName("metadata")] public V1ObjectMeta Metadata { get; set; } = new();
    [JsonPropertyName("spec")] public TSpec Spec { get; set; } = new();
    [JsonPropertyName("status")] public IamResourceStatus? Status { get; set; }

    IamEntitySpec IIamResource.Spec => Spec;
}
