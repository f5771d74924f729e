using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace IamOperator.ApiServer.Tests.Contract;

/// <summary>The test resource of TestCrds/widgets.test.iamoperator.dev.yaml.</summary>
public sealed class Widget : IKubernetesObject<V1ObjectMeta>
{
    public static readonly IamOperator.Controllers.CustomResourceKind Resource =
        new("test.iamoperator.dev", "v1", "widgets", "Widget");

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

    public static Widget New(string @namespace, string name, int size = 1) => new()
    {
        Metadata = new V1ObjectMeta { NamespaceProperty = @namespace, Name = name },
        Spec = new WidgetSpec { Size = size },
    };
}
