using System.CommandLine;
using IamOperator.Resources.Manifests;
using IamOperator.Hosting;

namespace IamOperator.Cli;

/// <summary>Builds the plan and apply verbs: same options and flow, only writing differs.</summary>
public static class FolderCommand
{
    public static Command Create(string name, string description)
    {
        var options = new FolderOptions();
        var command = new Command(name, description);
        options.AddTo(command);
        // Terraform's flag and meaning, so pipelines written for `terraform plan` read ours the same way.
        var detailedExitCode = name == "plan"
            ? new Option<bool>("--detailed-exitcode") { Description = "Exit 0 when nothing would change, 2 when changes are pending, 1 on any error (as terraform plan)." }
            : null;
        if (detailedExitCode is not null) command.Options.Add(detailedExitCode);
        command.SetAction(async (parseResult, ct) =>
        {
            var detailed = detailedExitCode is not null && parseResult.GetValue(detailedExitCode);
            var exitCode = await RunAsync(name, options, parseResult, ct);
            return detailed ? ExitCodes.PlanDetailed(exitCode.Code, exitCode.ChangesPending) : exitCode.Code;
        });
        return command;
    }

    private static async Task<(int Code, bool ChangesPending)> RunAsync(string name, FolderOptions options, ParseResult parseResult, CancellationToken ct)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        var settings = options.Parse(parseResult);
        var style = TerminalStyle.ForConsole(output, error, settings.Json);
        // Progress goes to stderr when stdout carries JSON, so pipelines can parse stdout as is.
        var progress = new FolderProgress(settings.Json ? error : output, style, style.ProgressLine ? TerminalStyle.ConsoleWidth() : null);

        if (settings.CredentialsDirectory is { } credentials && FolderCredentialSecretStore.Prepare(credentials) is { } unusable)
        {
            error.WriteLine($"{name}: {unusable}");
            return (ExitCodes.FileUnavailable, false);
        }

        // Every path that cannot be read is a problem in the report, next to the resources that could.
        // Loading runs off this thread so that Ctrl-C/SIGTERM ends a wait on standard input at once.
        await using var standardInput = settings.Filenames.Contains(ManifestLoader.StandardInputPath) ? Console.OpenStandardInput() : null;
        var manifests = await Task.Run(() => ManifestLoader.Load(settings.Filenames, settings.Recursive, standardInput, ct), ct).WaitAsync(ct);

        // Disposed last: flushes the spans, metrics and logs of the whole run before the process exits.
        using var telemetry = CommandTelemetry.Start(Environment.GetEnvironmentVariables());
        await using var connection = await FolderIamConnection.OpenAsync(settings, telemetry.LoggerFactory, ct);
        if (await connection.PreflightAsync(FolderReconciliation.AccountFilter, ct) is { } failure)
        {
            error.WriteLine($"{name}: {failure.Message}");
            // A pipeline parsing stdout gets the same report shape, with every resource not reconciled.
            if (settings.Json)
            {
                new FolderReport(name, settings.Folder, settings.OwnerId, connection.Description, manifests.Problems, manifests.Notes, [])
                {
                    Stopped = new FolderStop(manifests.Resources.Count, failure),
                }.WriteJson(output);
            }
            return (failure.ExitCode, false);
        }
        var report = await FolderReconciliation.RunAsync(name, settings, manifests, connection.Iam, connection.Description,
            progress, telemetry.LoggerFactory, TimeProvider.System, ct, connection.CheckAsync, connection.ReadAccountAsync);
        if (settings.Json)
        {
            report.WriteJson(output);
        }
        else
        {
            output.WriteLine();
            report.WriteText(output, style);
        }
        // IAM calls are the scarce resource (one account-wide budget): say what this run spent.
        (settings.Json ? error : output).WriteLine($"{connection.Counter.Calls} IAM call(s), {report.Writes} write(s).");
        if (report.Stopped is { } stop) error.WriteLine($"{name}: {stop.Failure.Message}");
        return (report.ExitCode, report.ChangesPending);
    }
}
