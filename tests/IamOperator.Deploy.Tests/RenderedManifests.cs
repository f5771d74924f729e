using System.Text.Json.Nodes;

namespace IamOperator.Deploy.Tests;

/// <summary>What <c>helm template</c> rendered: the YAML text and its objects.</summary>
public sealed class RenderedManifests(string yaml)
{
    public string Yaml { get; } = yaml;
    public IReadOnlyList<JsonObject> Objects { get; } = YamlDocuments.Parse(yaml);

    public IEnumerable<JsonObject> OfKind(string kind) =>
        Objects.Where(o => (string?)o["kind"] == kind);

    public JsonObject Single(string kind) =>
        Assert.Single(OfKind(kind));

    public JsonObject Single(string kind, string name) =>
        Assert.Single(OfKind(kind), o => (string?)o["metadata"]?["name"] == name);

    public JsonObject Deployment => Single("Deployment");

    public JsonObject OperatorContainer =>
        Assert.Single(Deployment["spec"]!["template"]!["spec"]!["containers"]!.AsArray(), c => (string?)c!["name"] == "operator")!.AsObject();

    /// <summary>The operator container's literal environment variables, name → value.</summary>
    public IReadOnlyDictionary<string, string> OperatorEnvironment =>
        OperatorContainer["env"]!.AsArray()
            .Where(e => e!["value"] is not null)
            .ToDictionary(e => (string)e!["name"]!, e => e!["value"]!.ToString());
}
