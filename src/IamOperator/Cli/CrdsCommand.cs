using System.CommandLine;
using IamOperator.Resources.Crds;

namespace IamOperator.Cli;

/// <summary>
/// <c>iam-operator crds [--output-dir DIR]</c>: prints the CRDs generated from the model as one multi-document
/// YAML stream (ready for <c>kubectl apply -f -</c>), or writes one file per kind into a folder.
/// Printing is the default so that running it in the wrong directory never overwrites files.
/// </summary>
public static class CrdsCommand
{
    /// <summary>Where the repository keeps the generated CRDs (<c>crds --output-dir config/crd</c>).</summary>
    public const string RepositoryFolder = "config/crd";

    public static Command Create()
    {
        var outputDir = new Option<DirectoryInfo?>("--output-dir")
        {
            Description = $"Write one CRD file per kind into this folder (created if missing; the repository's is {RepositoryFolder}) instead of printing them.",
        };
        // Printing became the default; the flag stays accepted so existing scripts keep working.
        var stdout = new Option<bool>("--stdout") { Description = "Print the CRDs (the default).", Hidden = true };
        var command = new Command("crds", "Print the CustomResourceDefinitions of IamGroup, IamUser, IamServiceRole and IamPolicy, generated from the C# model.");
        command.Options.Add(outputDir);
        command.Options.Add(stdout);
        command.Validators.Add(result =>
        {
            if (result.GetValue(stdout) && result.GetValue(outputDir) is not null)
                result.AddError("--stdout and --output-dir exclude each other: the CRDs are printed unless --output-dir is given.");
        });
        command.SetAction(parseResult =>
        {
            var console = parseResult.InvocationConfiguration.Output;
            var files = CrdGenerator.GenerateFiles();
            if (parseResult.GetValue(outputDir) is not { } folder)
            {
                console.Write(string.Join("---\n", files.Select(f => f.Yaml)));
                return ExitCodes.Success;
            }
            try
            {
                folder.Create();
                foreach (var file in files)
                {
                    var path = Path.Combine(folder.FullName, file.FileName);
                    File.WriteAllText(path, file.Yaml);
                    console.WriteLine($"wrote {path}");
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                parseResult.InvocationConfiguration.Error.WriteLine($"crds: cannot write into {folder.FullName}: {e.Message} Choose a writable --output-dir, or omit it to print the CRDs.");
                return ExitCodes.FileUnavailable;
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
