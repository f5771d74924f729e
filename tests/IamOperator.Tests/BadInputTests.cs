using System.Text.Json;
using IamOperator.Cli;
using IamOperator.Iam.Emulator;

namespace IamOperator.Tests;

/// <summary>Bad manifests are reported per resource while every valid resource in the folder still applies.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("iamoperator-bad-input-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private void Write(string file, string yaml) => File.WriteAllText(Path.Combine(folder, file), yaml);

    private const string Valid = """
        apiVersion: iamoperator.dev/v1alpha1
        kind: IamGroup
        metadata: { name: readers, namespace: team }
        spec:
          iamName: Readers
          permissions:
            managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]
        ---
        apiVersion: iamoperator.dev/v1alpha1
        kind: IamUser
        metadata: { name: alice, namespace: team }
        spec:
          groupRefs: [{ name: readers }]
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: { name: not-ours }
        """;

    [Fact]
    public async Task Every_kind_of_bad_input_is_reported_for_its_resource_and_the_valid_ones_are_applied()
    {
        Write("a-valid.yaml", Valid);
        Write("b-invalid-yaml.yaml", "apiVersion: iamoperator.dev/v1alpha1\nkind: IamGroup\nmetadata: { name: broken\n  spec: [\n");
        Write("c-unknown-field.yaml", """
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamGroup
            metadata: { name: typo, namespace: team }
            spec:
              permisions: {}
            """);
        Write("d-invalid-name.yaml", """
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamUser
            metadata: { name: bad-name, namespace: team }
            spec:
              iamName: "no spaces allowed"
            """);
        Write("e-malformed-policy.yaml", """
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamPolicy
            metadata: { name: malformed, namespace: team }
            spec:
              document: { Version: "2012-10-17", Statement: [{ Effect: Perhaps, Action: s3:GetObject, Resource: "*" }] }
            """);
        var resources = string.Join(", ", Enumerable.Range(0, 300).Select(i => $"\"arn:aws:s3:::bucket-with-a-long-name-{i}/*\""));
        Write("f-oversized-policy.yaml", $$"""
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamPolicy
            metadata: { name: oversized, namespace: team }
            spec:
              document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: s3:GetObject, Resource: [{{resources}}] }] }
            """);
        Write("g-forbidden-policy.yaml", """
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamPolicy
            metadata: { name: god-mode, namespace: team }
            spec:
              document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "*", Resource: "*" }] }
            """);

        await using var server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions(), 0);
        var (exitCode, output, error) = await CliRun.AgainstAsync(server, "apply", folder, json: true);
        Assert.True(exitCode == FolderReport.InvalidInput, output + error);

        using var report = JsonDocument.Parse(output);
        var problems = report.RootElement.GetProperty("problems").EnumerateArray().Select(p => p.ToString()).ToList();
        Assert.Contains(problems, p => p.Contains("b-invalid-yaml.yaml") && p.Contains("invalid YAML"));
        Assert.Contains(problems, p => p.Contains("c-unknown-field.yaml") && p.Contains("permisions"));
        Assert.Contains(problems, p => p.Contains("d-invalid-name.yaml") && p.Contains("spec.iamName"));

        var outcomes = report.RootElement.GetProperty("resources").EnumerateArray()
            .ToDictionary(r => r.GetProperty("resource").GetProperty("name").GetString()!, r => r);
        string Reason(string name) => outcomes[name].GetProperty("conditions").EnumerateArray()
            .Single(c => c.GetProperty("type").GetString() == "Ready").GetProperty("reason").GetString()!;
        string Message(string name) => outcomes[name].GetProperty("conditions")[0].GetProperty("message").GetString()!;

        // Policy grammar, size and guardrails are judged per resource, each Stalled with what to fix.
        Assert.Equal("InvalidSpec", Reason("malformed"));
        Assert.Contains("spec.document: Statement[0].Effect", Message("malformed"));
        Assert.Equal("InvalidSpec", Reason("oversized"));
        Assert.Contains("IAM allows 6144", Message("oversized"));
        Assert.Equal("GuardrailViolation", Reason("god-mode"));
        Assert.Contains("spec.document", Message("god-mode"));

        Assert.Equal("Reconciled", Reason("readers"));
        Assert.Equal("Reconciled", Reason("alice"));
        Assert.Contains(report.RootElement.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("ConfigMap"));

        // Nothing of the bad resources reached IAM: only the group and the user were written.
        Assert.Equal(["AddUserToGroup", "AttachGroupPolicy", "CreateGroup", "CreateUser", "PutGroupPolicy"],
            server.Statistics.CallsByAction.Keys.Where(k => k.StartsWith("Create") || k.StartsWith("Put") || k.StartsWith("Attach") || k.StartsWith("Add")).Order());
    }
}
