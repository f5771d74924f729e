using System.Text.RegularExpressions;

namespace IamOperator.Deploy.Tests;

/// <summary>The runbook and the configuration reference stay in step with the code and the chart.</summary>
public sealed partial class DocumentationTests
{
    private static readonly string Runbook = RepositoryRoot.ReadText("docs", "runbook.md");
    private static readonly string Configuration = RepositoryRoot.ReadText("docs", "configuration.md");

    [Theory]
    [MemberData(nameof(ReasonCatalog.All), MemberType = typeof(ReasonCatalog))]
    public void Runbook_explains_every_condition_reason_with_its_condition_and_what_to_do(string reason)
    {
        var section = Regex.Match(Runbook, $@"^### {reason}\n(?<body>.*?)(?=^#|\z)", RegexOptions.Multiline | RegexOptions.Singleline);

        Assert.True(section.Success, $"docs/runbook.md has no section '### {reason}'");
        var body = section.Groups["body"].Value;
        Assert.StartsWith($"*{ReasonCatalog.Categories[reason]}=True", body.TrimStart());
        Assert.Contains("**Do:**", body);
    }

    [Fact]
    public void Runbook_lists_only_declared_reasons()
    {
        var sections = Regex.Matches(Runbook.Split("## Condition reasons")[1].Split("\n## ")[0], @"^### (\w+)$", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value);

        Assert.Equal(ReasonCatalog.Declared.Order(), sections.Order());
    }

    [DeployToolsFact]
    public async Task Configuration_reference_names_every_environment_variable_the_chart_sets()
    {
        var rendered = await HelmChart.TemplateWithValuesAsync("""
            watchNamespaces: [team-a]
            guardrails:
              allowedManagedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
              deniedManagedPolicies: [{policyArn: "arn:aws:iam::aws:policy/AdministratorAccess", exceptNamespaces: [admins]}]
              requiredPermissionsBoundaryArn: arn:aws:iam::123456789012:policy/iam-operator/Boundary
              requiredNamePrefixes: {team-a: team-a-}
            telemetry: {otlpEndpoint: "http://collector:4317"}
            """);
        var names = rendered.OperatorEnvironment.Keys
            .Concat(rendered.OperatorContainer["env"]!.AsArray().Select(e => (string)e!["name"]!))
            .Where(n => n.StartsWith("IAMOPERATOR__", StringComparison.Ordinal) || n.StartsWith("OTEL_", StringComparison.Ordinal))
            .Select(n => n.Replace("RequiredNamePrefixes__team-a", "RequiredNamePrefixes__<namespace>"))
            .Distinct();

        Assert.All(names, name => Assert.Contains($"`{name}`", Configuration));
    }

    [Fact]
    public void Configuration_reference_gives_each_operator_setting_a_default_flag_and_environment_name()
    {
        var rows = SettingRow().Matches(Configuration).ToList();

        Assert.True(rows.Count >= 20, $"only {rows.Count} settings rows");
        Assert.All(rows, row =>
        {
            var setting = row.Groups["setting"].Value;
            Assert.StartsWith("--", row.Groups["flag"].Value);
            Assert.Contains($"IAMOPERATOR__{setting.Replace(":", "__")}", row.Groups["env"].Value);
        });
    }

    [GeneratedRegex(@"^\| `(?<setting>(Iam|Controller|LeaderElection|Guardrails):\w+)` \| (?<default>[^|]+) \| `(?<flag>[^`]+)`[^|]* \| (?<env>[^|]+) \|", RegexOptions.Multiline)]
    private static partial Regex SettingRow();
}
