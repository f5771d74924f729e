using System.CommandLine;
using IamOperator.Resources.Manifests;
using Microsoft.Extensions.Logging.Abstractions;

namespace IamOperator.Cli;

/// <summary>Builds the plan and apply verbs: same options and flow, only writing differs.</summary>
public static class FolderCommand
{
    public static Command Create(string name, string description)
    {
        var options = new FolderOptions();
        var command = new Command(name, description);
        options.AddTo(command);
        command.SetAction(async (parseResult, ct) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var settings = options.Parse(parseResult);
            // Progress goes to stderr when stdout carries JSON, so pipelines can parse stdout as is.
            var progress = settings.Json ? error : output;

            // Every path that cannot be read is a problem in the report, next to the resources that could.
            // Loading runs off this thread so that Ctrl-C/SIGTERM ends a wait on standard input at once.
            await using var standardInput = settings.Filenames.Contains(ManifestLoader.StandardInputPath) ? Console.OpenStandardInput() : null;
            var manifests = await Task.Run(() => ManifestLoader.Load(settings.Filenames, settings.Recursive, standardInput, ct), ct).WaitAsync(ct);

            await using var connection = await FolderIamConnection.OpenAsync(settings, NullLoggerFactory.Instance, ct);
            var report = await FolderReconciliation.RunAsync(name, settings, manifests, connection.Iam, connection.Description,
                progress, NullLoggerFactory.Instance, TimeProvider.System, ct);
            if (settings.Json) report.WriteJson(output);
            else
            {
                output.WriteLine();
                report.WriteText(output);
            }
            return report.ExitCode;
        });
        return command;
    }
}
