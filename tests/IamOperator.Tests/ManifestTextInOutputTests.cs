using System.Text.Json;
using IamOperator.Cli;

namespace IamOperator.Tests;

/// <summary>
/// Text from a pull request reaches the terminal or CI log only as printable, bounded lines: no escape
/// sequence, bidi override or megabyte name of a manifest is written as it is.
/// </summary>
public sealed class ManifestTextInOutputTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("iamoperator-manifest-text-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private const string ValidUser = """
        apiVersion: iamoperator.dev/v1alpha1
        kind: IamUser
        metadata: { name: alice, namespace: team }
        spec: { requireMfa: false }
        """;

    private static string UserNamed(string name) => $$"""
        apiVersion: iamoperator.dev/v1alpha1
        kind: IamUser
        metadata: { name: "{{name}}", namespace: team }
        spec: { requireMfa: false }
        """;

    private static string KindNamed(string kind) => $$"""
        apiVersion: iamoperator.dev/v1alpha1
        kind: "{{kind}}"
        metadata: { name: x, namespace: team }
        """;

    [Fact]
    public async Task Control_and_bidi_characters_of_a_manifest_are_printed_escaped_and_long_names_are_cut()
    {
        File.WriteAllText(Path.Combine(folder, "a-valid.yaml"), ValidUser);
        // YAML double-quoted escapes: ESC[2J clears a terminal, U+202E reverses the text that follows.
        File.WriteAllText(Path.Combine(folder, "b-escape.yaml"), UserNamed("dan\\e[2J\\e[32mReady=True"));
        File.WriteAllText(Path.Combine(folder, "c-bidi.yaml"), UserNamed("eve\\u202Etxt.exe"));
        File.WriteAllText(Path.Combine(folder, "d-kind.yaml"), KindNamed("Iam\\e]0;title\\aUser"));
        File.WriteAllText(Path.Combine(folder, "e-long.yaml"), UserNamed(new string('a', 300_000)));

        await using var server = await Iam.Emulator.IamEmulatorServer.StartAsync(new Iam.Emulator.IamEmulatorOptions(), 0);
        var (exitCode, output, error) = await CliRun.AgainstAsync(server, "apply", folder);

        Assert.True(exitCode == ExitCodes.InvalidInput, output + error);
        Assert.Contains("IamUser/team/alice", output);
        Assert.DoesNotContain('\u001b', output);
        Assert.DoesNotContain('\u0007', output);
        Assert.DoesNotContain('\u202e', output);
        Assert.Contains("dan\\u001B[2J", output);
        Assert.Contains("eve\\u202Etxt.exe", output);
        Assert.All(output.Split('\n'), line => Assert.True(line.Length <= PrintableText.MaxLineLength + 100, $"a line of {line.Length} characters"));
        Assert.Contains("more characters; -o json has them all)", output);
    }

    [Fact]
    public async Task Json_output_keeps_the_full_text_of_a_problem()
    {
        File.WriteAllText(Path.Combine(folder, "e-long.yaml"), UserNamed(new string('a', 3_000)));

        await using var server = await Iam.Emulator.IamEmulatorServer.StartAsync(new Iam.Emulator.IamEmulatorOptions(), 0);
        var (exitCode, output, error) = await CliRun.AgainstAsync(server, "apply", folder, json: true);

        Assert.True(exitCode == ExitCodes.InvalidInput, output + error);
        var problems = JsonDocument.Parse(output).RootElement.GetProperty("problems");
        Assert.Contains(problems.EnumerateArray(), p => p.GetRawText().Contains(new string('a', 3_000), StringComparison.Ordinal));
    }
}
