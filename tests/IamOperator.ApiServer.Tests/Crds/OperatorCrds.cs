using System.Text.Json.Nodes;
using IamOperator.ApiServer.Tests.Fixture;

namespace IamOperator.ApiServer.Tests.Crds;

/// <summary>The operator's CRDs (config/crd) and samples (config/samples), read once, with the rules found in them.</summary>
public static class OperatorCrds
{
    private static readonly Lazy<IReadOnlyList<JsonObject>> LoadedCrds = new(() =>
        [.. Directory.EnumerateFiles(TestPaths.OperatorCrds, "*.yaml").Order(StringComparer.Ordinal)
            .SelectMany(YamlDocuments.ReadAll)
            .Where(d => (string?)d["kind"] == "CustomResourceDefinition")]);

    private static readonly Lazy<IReadOnlyList<(string Id, JsonObject Resource)>> LoadedSamples = new(() =>
        [.. Directory.EnumerateFiles(RepositoryRoot.Combine("config", "samples"), "*.yaml", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .SelectMany(file => YamlDocuments.ReadAll(file).Select((document, index) =>
                ($"{Path.GetFileName(file)}#{index} {document["kind"]}/{document["metadata"]?["name"]}", document)))
            .Where(s => KindOf((string?)s.Item2["kind"]) is not null)]);

    public static IReadOnlyList<JsonObject> Crds => LoadedCrds.Value;

    private static readonly Lazy<Dictionary<string, SchemaConstraint>> FoundConstraints =
        new(() => Crds.SelectMany(SchemaConstraint.FindAll).ToDictionary(c => c.Id));

    private static readonly Lazy<Dictionary<string, CelRule>> FoundCelRules =
        new(() => Crds.SelectMany(CelRule.FindAll).ToDictionary(r => r.Id));

    public static IReadOnlyDictionary<string, SchemaConstraint> Constraints => FoundConstraints.Value;

    public static IReadOnlyDictionary<string, CelRule> CelRules => FoundCelRules.Value;

    public static JsonObject Sample(string id) => LoadedSamples.Value.Single(s => s.Id == id).Resource.DeepClone().AsObject();

    public static JsonObject CrdOf(string resource) =>
        Crds.Single(c => (string?)c["spec"]!["names"]!["plural"] == resource);

    public static JsonObject? KindOf(string? kind) =>
        LoadedCrds.Value.SingleOrDefault(c => (string?)c["spec"]!["names"]!["kind"] == kind);

    /// <summary>
    /// A fresh copy of the sample of the resource's kind that already holds most of <paramref name="path"/>, so a
    /// value put there meets the sibling fields it needs (e.g. the trust form the field belongs to).
    /// </summary>
    public static JsonObject SampleFor(string resource, FieldPath path)
    {
        var kind = (string)CrdOf(resource)["spec"]!["names"]!["kind"]!;
        var candidates = LoadedSamples.Value.Where(s => (string?)s.Resource["kind"] == kind).Select(s => s.Resource).ToList();
        if (candidates.Count == 0)
        {
            throw new InvalidOperationException($"config/samples has no {kind}");
        }

        return candidates.OrderByDescending(sample => path.ExistingDepth(sample)).First().DeepClone().AsObject();
    }

    /// <summary>A fresh copy of the first sample of the resource's kind, a valid object to start from.</summary>
    public static JsonObject SampleOf(string resource)
    {
        var kind = (string)CrdOf(resource)["spec"]!["names"]!["kind"]!;
        var sample = LoadedSamples.Value.FirstOrDefault(s => (string?)s.Resource["kind"] == kind).Resource
            ?? throw new InvalidOperationException($"config/samples has no {kind}");
        return sample.DeepClone().AsObject();
    }

    /// <summary>The resource with every required field its kind's schema asks for and it lacks (<see cref="SchemaValues.FillRequired"/>).</summary>
    public static JsonObject WithRequiredFields(string resource, JsonObject obj)
    {
        var schema = CrdOf(resource)["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!.AsObject();
        SchemaValues.FillRequired(obj, schema);
        return obj;
    }

    public static TheoryData<string> ConstraintIds() => [.. Constraints.Keys];

    public static TheoryData<string> ConstraintsWithEdgesIds() => [.. Constraints.Values.Where(c => c.GoodValues().Any()).Select(c => c.Id)];

    public static TheoryData<string> CelRuleIds() => [.. CelRules.Keys];

    public static TheoryData<string> SampleIds() => [.. LoadedSamples.Value.Select(s => s.Id)];
}
