using IamOperator.Cli;

namespace IamOperator.Tests;

/// <summary>`iam-operator crds` prints the CRDs by default and writes files only into the folder it is given.</summary>
public sealed class CrdsCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("iamoperator-crds-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Crds_prints_every_CRD_as_one_YAML_stream_and_writes_no_file()
    {
        var before = Directory.GetFileSystemEntries(Environment.CurrentDirectory, "*", SearchOption.AllDirectories).Length;

        var (exitCode, output, error) = await CliRun.InvokeAsync(["crds"]);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Equal("", error);
        Assert.Equal(5, output.Split("kind: CustomResourceDefinition").Length - 1);
        Assert.Equal(4, output.Split("\n---\n").Length - 1);
        Assert.DoesNotContain("wrote", output);
        Assert.Equal(before, Directory.GetFileSystemEntries(Environment.CurrentDirectory, "*", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public async Task Crds_with_output_dir_writes_one_file_per_kind_there()
    {
        var target = Path.Combine(folder, "crd");

        var (exitCode, output, _) = await CliRun.InvokeAsync(["crds", "--output-dir", target]);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Equal(["iamoperator.dev_iamaccountpasswordpolicies.yaml", "iamoperator.dev_iamgroups.yaml", "iamoperator.dev_iampolicies.yaml", "iamoperator.dev_iamserviceroles.yaml", "iamoperator.dev_iamusers.yaml"],
            Directory.GetFiles(target).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Contains($"wrote {Path.Combine(target, "iamoperator.dev_iamusers.yaml")}", output);
    }

    [Fact]
    public async Task Crds_into_a_folder_that_cannot_be_created_is_one_line_with_exit_code_7()
    {
        var file = Path.Combine(folder, "a-file");
        await File.WriteAllTextAsync(file, "");

        var (exitCode, _, error) = await CliRun.InvokeAsync(["crds", "--output-dir", Path.Combine(file, "crd")]);

        Assert.Equal(ExitCodes.FileUnavailable, exitCode);
        Assert.StartsWith($"crds: cannot write into {Path.Combine(file, "crd")}", error);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Dash_o_is_a_format_everywhere_so_crds_does_not_take_it()
    {
        var (exitCode, _, error) = await CliRun.InvokeAsync(["crds", "-o", folder]);

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Contains("-o", error);
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }
}
