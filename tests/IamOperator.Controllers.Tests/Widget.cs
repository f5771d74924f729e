using System.Text.Json.Serialization;
using IamOperator.Controllers;
using k8s;
using k8s.Models;

namespace IamOperator.Controllers.Tests;

/// <summary>A small custom resource of the tests' own, so the runtime is tested without the IAM kinds.</summary>
public sealed class Widget : IKubernetesObject<V1ObjectMeta>
{
    public static readonly CustomResourceKind Crd = new("example.com", "v1", "widgets", "Widget");

    /// <summary>The same type served as a cluster-scoped resource (<c>scope: Cluster</c>): objects in no namespace.</summary>
    public static readonly CustomResourceKind ClusterCrd = new("example.com", "v1", "clusterwidgets", "Widget", ClusterScoped: true);

    [JsonPropertyName("apiVersion")] public string ApiVersion { get; set; } = "example.com/v1";
    [JsonPropertyName("kind")] public string Kind { get; set; } = "Widget";
    [JsonPropertyName("metadata")] public V1ObjectMeta Metadata { get; set; } = new();
    [JsonPropertyName("spec")] public WidgetSpec Spec { get; set; } = new();
    [JsonPropertyName("status")] public WidgetStatus? Status { get; set; }

    /// <summary>A widget in <paramref name="namespace"/>; null for one of <see cref="ClusterCrd"/>.</summary>
    public static Widget New(string name, string? @namespace = "default", string color = "blue") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace },
        Spec = new WidgetSpec { Color = color },
    };
}

public sealed class WidgetSpec
{
    [JsonPropertyName("color")] public string Color { get; set; } = "";
    [JsonPropertyName("size")] public int Size { get; set; }
}

public sealed class WidgetStatus
{
    [JsonPropertyName("observedGeneration")] public long? ObservedGeneration { get; set; }
    [JsonPropertyName("phase")] public string? Phase { get; set; }
    [JsonPropertyName("conditions")] public List<V1Condition>? Conditions { get; set; }
}
