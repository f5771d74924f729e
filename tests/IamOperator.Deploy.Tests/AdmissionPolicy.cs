using System.Text.Json;
using System.Text.Json.Nodes;

namespace IamOperator.Deploy.Tests;

public sealed record AdmissionVerdict(bool Allowed, IReadOnlyList<string> Messages);

/// <summary>Evaluates the chart's ValidatingAdmissionPolicy CEL against objects (tools/helm/evaluate-admission-policy.mjs).</summary>
public static class AdmissionPolicy
{
    /// <summary>One evaluator run for all <paramref name="objectsJson"/>; verdicts in the same order.</summary>
    public static async Task<IReadOnlyList<AdmissionVerdict>> EvaluateAsync(RenderedManifests rendered, IReadOnlyList<string> objectsJson)
    {
        var folder = Directory.CreateTempSubdirectory("admission-").FullName;
        var manifests = Path.Combine(folder, "rendered.yaml");
        var candidates = Path.Combine(folder, "objects.json");
        await File.WriteAllTextAsync(manifests, rendered.Yaml);
        await File.WriteAllTextAsync(candidates, new JsonArray(objectsJson.Select(o => JsonNode.Parse(o)).ToArray()).ToJsonString());

        var result = await ExternalProcess.RunAsync("node",
            [RepositoryRoot.Combine("tools", "helm", "evaluate-admission-policy.mjs"), DeployTools.Folder, manifests, candidates]);

        Assert.True(result.ExitCode == 0, result.Describe());
        using var verdicts = JsonDocument.Parse(result.StandardOutput);
        return verdicts.RootElement.EnumerateArray().Select(v => new AdmissionVerdict(
            v.GetProperty("allowed").GetBoolean(),
            v.GetProperty("messages").EnumerateArray().Select(m => m.GetString()!).ToList())).ToList();
    }
}
