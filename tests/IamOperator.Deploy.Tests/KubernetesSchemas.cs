namespace IamOperator.Deploy.Tests;

/// <summary>Checks manifests against the Kubernetes OpenAPI schemas via tools/helm/validate-manifests.mjs (kubernetes-models).</summary>
public static class KubernetesSchemas
{
    public static async Task<ProcessResult> ValidateAsync(string manifestsYaml)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("manifests-").FullName, "rendered.yaml");
        await File.WriteAllTextAsync(file, manifestsYaml);
        return await ExternalProcess.RunAsync("node",
            [RepositoryRoot.Combine("tools", "helm", "validate-manifests.mjs"), DeployTools.Folder, file]);
    }
}
