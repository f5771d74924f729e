using System.CommandLine;
using IamOperator.Resources.Crds;

namespace IamOperator.Cli;

/// <summary><c>iam-operator crds [--output DIR] [--stdout]</c>: writes the CRDs generated from the model.</summary>
public static class CrdsCommand
{
    public const string DefaultOutput = "config/crd";

    public static Command Create()
    {
        var output = new Option<string>("--output", "-o")
        {
            Description = $"Folder to write one CRD file per kind into (default: {DefaultOutput}).",
            DefaultValueFactory = _ => DefaultOutput,
        };
        var stdout = new Option<bool>("--stdout") { Description = "Print the CRDs as one multi-document YAML stream instead of writing files." };
        var command = new Command("crds", "Generate the CustomResourceDefinitions of IamGroup, IamUser, IamServiceRole and IamPolicy from the C# model.");
        command.Options.Add(output);
        command.Options.Add(stdout);
        command.SetAction(parseResult =>
        {
            var console = parseResult.InvocationConfiguration.Output;
            var files = CrdGenerator.GenerateFiles();
            if (parseResult.GetValue(stdout))
            {
                console.Write(string.Join("---\n", files.Select(f => f.Yaml)));
                return 0;
            }
            var folder = parseResult.GetValue(output) ?? DefaultOutput;
            Directory.CreateDirectory(folder);
            foreach (var file in files)
            {
                var path = Path.Combine(folder, file.FileName);
                File.WriteAllText(path, file.Yaml);
                console.WriteLine($"wrote {path}");
            }
            return 0;
        });
        return command;
    }
}
