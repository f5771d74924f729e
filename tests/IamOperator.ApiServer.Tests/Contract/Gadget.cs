using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace IamOperator.ApiServer.Tests.Contract;

/// <summary>The cluster-scoped test resource of TestCrds/gadgets.test.iamoperator.dev.yaml: its objects have no namespace.</summary>
public sealed class Gadget : IKubernetesObject<V1ObjectMeta>
{
    public static readonly IamOperator.Controllers.CustomResourceKind Resource =
        new("test.iamoperator.dev", "v1", "gadgets", "Gadget", ClusterScoped: true);

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = Resource.ApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = Resource.Kind;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public WidgetSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    public WidgetStatus? Status { get; set; }

    public static Gadget New(string name, int size = 1) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new WidgetSpec { Size = size },
    };
}
