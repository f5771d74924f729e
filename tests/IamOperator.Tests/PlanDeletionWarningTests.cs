using System.Text.Json;
using IamOperator.Cli;

namespace IamOperator.Tests;

/// <summary>
/// A pull request that removes a group's or policy's manifest while others still reference it: plan warns that the
/// deletion strips access from them, naming each reference (the controller's deletion Event, from the same index).
/// </summary>
public sealed class PlanDeletionWarningTests : IDisposable
{
    private const string Warning =
        "IamGroup team/developers is referenced but not declared: if this change deletes it, that strips access from 2 reference(s) still naming it: "
        + "IamUser team/alice (spec.groupRefs[1]), IamUser team/bob (spec.groupRefs[0])";

    private readonly string folder = Directory.CreateTempSubdirectory("iamoperator-deletion-warning-").FullName;

    public PlanDeletionWarningTests() => File.WriteAllText(Path.Combine(folder, "team.yaml"), """
        apiVersion: iamoperator.dev/v1alpha1
        kind: IamGroup
        metadata: { name: readers, namespace: team }
        spec:
          permissions:
            managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]
        ---
        apiVersion: iamoperator.dev/v1alpha1
        kind: IamUser
        metadata: { name: alice, namespace: team }
        spec:
          groupRefs: [{ name: readers }, { name: developers }]
        ---
        apiVersion: iamoperator.dev/v1alpha1
        kind: IamUser
        metadata: { name: bob, namespace: team }
        spec:
          groupRefs: [{ name: developers }]
        """);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Plan_warns_that_removing_a_referenced_group_strips_access_and_names_every_reference()
    {
        var (exitCode, output, _) = await CliRun.InvokeAsync(["plan", "-f", folder, "--embedded"]);

        Assert.Equal(FolderReport.InvalidInput, exitCode); // the dependents wait for the missing group
        Assert.Contains($"Notes:{Environment.NewLine}    {Warning}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_warning_is_in_the_JSON_notes_of_plan()
    {
        var (_, output, _) = await CliRun.InvokeAsync(["plan", "-f", folder, "--embedded", "-o", "json"]);

        using var json = JsonDocument.Parse(output);
        Assert.Contains(Warning, json.RootElement.GetProperty("notes").EnumerateArray().Select(n => n.GetString()));
    }

    [Fact]
    public async Task A_folder_that_declares_every_referenced_resource_gets_no_warning()
    {
        File.AppendAllText(Path.Combine(folder, "team.yaml"), """

            ---
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamGroup
            metadata: { name: developers, namespace: team }
            spec: {}
            """);

        var (exitCode, output, _) = await CliRun.InvokeAsync(["plan", "-f", folder, "--embedded"]);

        Assert.Equal(FolderReport.Success, exitCode);
        Assert.DoesNotContain("strips access", output, StringComparison.Ordinal);
    }
}
