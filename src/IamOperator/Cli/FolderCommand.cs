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

            ManifestSet manifests;
            try
            {
                manifests = ManifestLoader.LoadDirectory(settings.Folder);
            }
            catch (Exception e) when (e is DirectoryNotFoundException or IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"{name}: cannot read {settings.Folder}: {e.Message}");
                return FolderReport.InvalidInput;
            }

            await using var connection = await FolderIamConnection.OpenAsync(settings, NullLoggerFactory.Instance, ct);
            var report = await FolderReconciliation.RunAsync(name, settings, manifests, connection.Iam, connection.Description,
                progress, NullLoggerFactory.Instance, TimeProvider.System, ct);
            if (settings.Json) report.WriteJson(output);
            else
            {
                output.WriteLine();
                report.WriteText(output);
            }
            // IAM calls are the scarce resource (one account-wide budget): say what this run spent.
            progress.WriteLine($"{connection.Counter.Calls} IAM call(s), {report.Writes} write(s).");
            return report.ExitCode;
        });
        return command;
    }
}
