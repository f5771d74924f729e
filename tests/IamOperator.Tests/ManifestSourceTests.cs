using System.Net.Sockets;
using System.Text.Json;
using IamOperator.Cli;
using IamOperator.Iam;
using IamOperator.Iam.Emulator;
using IamOperator.Resources.Manifests;

namespace IamOperator.Tests;

/// <summary>
/// plan/apply read -f as kubectl does (a file, a folder, -R, several -f), and hostile pull-request content
/// in one file is a problem of that file while every valid resource in the others is still applied.
/// </summary>
public sealed class ManifestSourceTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("iamoperator-sources-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Write(string relative, string yaml)
    {
        var path = Path.Combine(folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, yaml);
        return path;
    }

    private static string Group(string name) => $"""
        apiVersion: iamoperator.dev/v1alpha1
        kind: IamGroup
        metadata: {"{"} name: {name}, namespace: team {"}"}
        spec:
          permissions:
            managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]
        """;

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(IamEmulatorServer server, params string[] args) =>
        await CliRun.InvokeAsync([.. args, "--iam-endpoint", server.Endpoint.ToString(), "--owner-id", "ci-test", "--iam-requests-per-second", "10000"]);

    private static async Task<IReadOnlyList<string>> GroupsIn(IamEmulatorServer server)
    {
        var credential = EmulatorCredential.DocumentationExample;
        var iam = IamClientFactory.Create(new IamClientOptions
        {
            Endpoint = server.Endpoint, Credentials = new StaticIamCredentials(credential.AccessKeyId, credential.SecretAccessKey),
        });
        var details = await iam.GetAccountAuthorizationDetailsAsync(AccountDetailsFilter.All, default);
        return details.Groups.Select(g => g.Group.GroupName).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>9 levels of 9 aliases: 387,420,489 values once expanded, from about 500 bytes.</summary>
    private static string BillionLaughs() =>
        "apiVersion: iamoperator.dev/v1alpha1\nkind: IamPolicy\nmetadata: {name: laughs}\nspec:\n  document:\n    a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        + string.Join('\n', Enumerable.Range(1, 8).Select(i => $"    a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 9))}]"));

    [Fact]
    public async Task A_single_file_given_with_f_is_planned()
    {
        await using var server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions(), 0);
        var (exitCode, output, error) = await RunAsync(server, "plan", "-f", Write("team.yaml", Group("readers")));
        Assert.True(exitCode == FolderReport.Success, output + error);
        Assert.Contains("IamGroup/team/readers", output);
        Assert.Contains("CreateGroup readers", output);
    }

    [Fact]
    public async Task Several_f_and_R_read_files_and_folders_as_kubectl_does()
    {
        var one = Write("one.yaml", Group("one"));
        Write("more/two.yaml", Group("two"));
        Write("more/deeper/three.yml", Group("three"));
        await using var server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions(), 0);

        var flat = await RunAsync(server, "apply", "-f", one, "-f", Path.Combine(folder, "more"));
        Assert.True(flat.ExitCode == FolderReport.Success, flat.Output + flat.Error);
        Assert.Equal(["one", "two"], await GroupsIn(server));

        var recursive = await RunAsync(server, "apply", "-f", Path.Combine(folder, "more"), "-R");
        Assert.True(recursive.ExitCode == FolderReport.Success, recursive.Output + recursive.Error);
        Assert.Equal(["one", "three", "two"], await GroupsIn(server));
    }

    [Fact]
    public async Task A_path_that_does_not_exist_is_one_problem_and_the_other_paths_are_still_applied()
    {
        var one = Write("one.yaml", Group("one"));
        await using var server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions(), 0);

        var (exitCode, output, error) = await RunAsync(server, "apply", "-f", Path.Combine(folder, "typo.yaml"), "-f", one);

        Assert.True(exitCode == FolderReport.InvalidInput, output + error);
        Assert.Contains($"    {folder}/typo.yaml: the path does not exist", output);
        Assert.Equal(["one"], await GroupsIn(server));
    }

    [Fact]
    public async Task Hostile_files_are_each_one_problem_naming_file_and_line_while_the_valid_resources_are_applied()
    {
        Write("a-valid.yaml", Group("readers"));
        Write("b-laughs.yaml", BillionLaughs());
        Write("c-brackets.yaml", "apiVersion: iamoperator.dev/v1alpha1\nkind: IamGroup\nmetadata: {name: deep}\nspec: " + new string('[', 20_000));
        Write("d-infinity.yaml", "apiVersion: iamoperator.dev/v1alpha1\nkind: IamUser\nmetadata: {name: inf, namespace: team}\nspec:\n  accessKeyMaxAgeDays: 1e309");
        File.CreateSymbolicLink(Path.Combine(folder, "e-dangling.yaml"), "deleted.yaml");
        File.CreateSymbolicLink(Path.Combine(folder, ".#a-valid.yaml"), "user@host.4711:1700000000");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(Path.Combine(folder, "f-unreadable.yaml")));
        Write("g-valid.yaml", Group("writers"));
        await using var server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions(), 0);

        var (exitCode, output, error) = await CliRun.AgainstAsync(server, "apply", folder);

        Assert.True(exitCode == FolderReport.InvalidInput, output + error);
        Assert.Equal(["readers", "writers"], await GroupsIn(server));
        var problems = output.Split('\n').Where(line => line.StartsWith($"    {folder}/", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, problems.Count);
        Assert.Contains(problems, p => p.Contains("/b-laughs.yaml:") && p.Contains("once its aliases are expanded, the limit for one document"));
        Assert.Contains(problems, p => p.Contains("/c-brackets.yaml:4 (document 1): refused: nested deeper than 32 levels"));
        Assert.Contains(problems, p => p.Contains("/d-infinity.yaml:5 (document 1) IamUser team/inf: spec.accessKeyMaxAgeDays: Invalid value: 1e309"));
        Assert.Contains(problems, p => p.EndsWith("/e-dangling.yaml: symbolic link to \"deleted.yaml\", which does not exist", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("/f-unreadable.yaml: cannot be read: "));
        Assert.DoesNotContain("   at ", output + error);
        Assert.Contains("5 invalid manifest(s)", output);
    }

    [Fact]
    public async Task Billion_laughs_is_refused_while_the_whole_process_runs_with_its_heap_capped_at_64_MiB()
    {
        Write("a-valid.yaml", Group("readers"));
        Write("b-laughs.yaml", BillionLaughs());
        // The runtime fails with OutOfMemoryException past this cap (the bomb used to take 9 GB).
        var capped = new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0x4000000" };
        using var process = AppProcess.Start(capped, "plan", "-f", folder, "--embedded");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

        Assert.True(process.ExitCode == FolderReport.InvalidInput, await output + await error);
        Assert.Contains($"{folder}/b-laughs.yaml:6 (document 1): refused: more than 3 MiB of keys, values and field paths once its aliases are expanded", await output);
        Assert.Contains("CreateGroup readers", await output);
    }

    [Fact]
    public async Task The_report_names_every_source_and_problems_of_whole_files_are_document_0_in_json()
    {
        Write("a.yaml", Group("readers"));
        File.CreateSymbolicLink(Path.Combine(folder, "b.yaml"), "deleted.yaml");
        await using var server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions(), 0);

        var (_, output, _) = await CliRun.AgainstAsync(server, "plan", folder, json: true);

        using var report = JsonDocument.Parse(output);
        Assert.Equal(folder, report.RootElement.GetProperty("folder").GetString());
        var problem = Assert.Single(report.RootElement.GetProperty("problems").EnumerateArray().ToList());
        Assert.Equal((0, $"{folder}/b.yaml"), (problem.GetProperty("document").GetInt32(), problem.GetProperty("source").GetString()));
    }

    [Fact]
    public void Owner_id_of_one_path_is_unchanged_and_several_paths_have_their_own()
    {
        Assert.Equal(FolderOptions.DefaultOwnerId("/repo/config/samples"), FolderOptions.DefaultOwnerId(["/repo/config/samples"]));
        Assert.NotEqual(FolderOptions.DefaultOwnerId(["/repo/a", "/repo/b"]), FolderOptions.DefaultOwnerId(["/repo/b", "/repo/a"]));
        Assert.NotEqual(FolderOptions.DefaultOwnerId(["/repo/a"]), FolderOptions.DefaultOwnerId(["/repo/a", ManifestLoader.StandardInputName]));
    }
}
