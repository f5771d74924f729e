namespace IamOperator.Deploy.Tests;

/// <summary>The chart installs exactly the generated CRDs (tools/helm/sync-crds.sh copies them).</summary>
public sealed class ChartCrdTests
{
    private static Dictionary<string, byte[]> Files(params string[] folder) =>
        Directory.Exists(RepositoryRoot.Combine(folder))
            ? Directory.GetFiles(RepositoryRoot.Combine(folder), "*.yaml").ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes)
            : [];

    [Fact]
    public void Chart_crds_equal_config_crd_byte_for_byte()
    {
        var generated = Files("config", "crd");
        var chart = Files("charts", "iam-operator", "crds");

        Assert.NotEmpty(generated);
        Assert.Equal(generated.Keys.Order(), chart.Keys.Order());
        Assert.All(generated, file => Assert.True(file.Value.AsSpan().SequenceEqual(chart[file.Key]),
            $"charts/iam-operator/crds/{file.Key} differs from config/crd/{file.Key}: run tools/helm/sync-crds.sh"));
    }

    [Fact]
    public void Chart_installs_a_CRD_for_each_kind()
    {
        var kinds = Files("charts", "iam-operator", "crds").Values
            .SelectMany(bytes => YamlDocuments.Parse(System.Text.Encoding.UTF8.GetString(bytes)))
            .Where(o => (string?)o["kind"] == "CustomResourceDefinition")
            .Select(o => (string?)o["spec"]!["names"]!["kind"])
            .Order();

        Assert.Equal(["IamAccountPasswordPolicy", "IamGroup", "IamPolicy", "IamServiceRole", "IamUser"], kinds);
    }
}
