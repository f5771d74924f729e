using System.Collections.Concurrent;

namespace IamOperator.Deploy.Tests;

/// <summary>Runs the real helm binary against charts/iam-operator, offline, with a throwaway HOME.</summary>
public static class HelmChart
{
    public static string Folder { get; } = RepositoryRoot.Combine("charts", "iam-operator");
    public static string TestValues { get; } = System.IO.Path.Combine(Folder, "ci", "test-values.yaml");
    public const string ReleaseName = "iam";
    public const string Namespace = "iam-system";

    private static readonly string Home = Directory.CreateTempSubdirectory("helm-home-").FullName;

    public static Task<ProcessResult> RunAsync(params string[] arguments) =>
        ExternalProcess.RunAsync(DeployTools.Helm, arguments, new Dictionary<string, string>
        {
            ["HOME"] = Home,
            ["HELM_CACHE_HOME"] = System.IO.Path.Combine(Home, "cache"),
            ["HELM_CONFIG_HOME"] = System.IO.Path.Combine(Home, "config"),
            ["HELM_DATA_HOME"] = System.IO.Path.Combine(Home, "data"),
        });

    /// <summary>Renders with ci/test-values.yaml plus <paramref name="settings"/> (helm --set syntax).</summary>
    public static async Task<ProcessResult> TryTemplateAsync(IEnumerable<string> settings, string? valuesFile = null)
    {
        List<string> arguments = ["template", ReleaseName, Folder, "--namespace", Namespace, "-f", TestValues];
        if (valuesFile is not null)
        {
            arguments.AddRange(["-f", valuesFile]);
        }
        foreach (var setting in settings)
        {
            arguments.AddRange(["--set", setting]);
        }
        return await RunAsync([.. arguments]);
    }

    private static readonly ConcurrentDictionary<string, Lazy<Task<ProcessResult>>> Renders = new();

    /// <summary>Renders once per distinct settings: rendering is deterministic and many tests read the same output.</summary>
    public static async Task<RenderedManifests> TemplateAsync(params string[] settings)
    {
        var result = await Renders.GetOrAdd(string.Join('\n', settings), _ => new Lazy<Task<ProcessResult>>(() => TryTemplateAsync(settings))).Value;
        Assert.True(result.ExitCode == 0, $"helm template failed: {result.Describe()}");
        return new RenderedManifests(result.StandardOutput);
    }

    public static async Task<RenderedManifests> TemplateWithValuesAsync(string valuesYaml)
    {
        var file = System.IO.Path.Combine(Home, $"values-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, valuesYaml);
        var result = await TryTemplateAsync([], file);
        Assert.True(result.ExitCode == 0, $"helm template failed: {result.Describe()}");
        return new RenderedManifests(result.StandardOutput);
    }
}
