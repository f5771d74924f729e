using System.CommandLine;

namespace IamOperator.Cli;

/// <summary>
/// The <c>iam-operator</c> executable: every verb, and the one guard that turns anything a verb did not
/// handle into a single line and an exit code, because the CLI runs in pipelines and on pull-request
/// content where a .NET stack trace helps nobody.
/// </summary>
public static class CliApplication
{
    public static RootCommand CreateRoot()
    {
        var root = new RootCommand("IamOperator: reconciles IamGroup, IamUser, IamServiceRole and IamPolicy resources into AWS IAM.");
        // Each verb lives in its own file under Cli/ and adds itself here.
        root.Subcommands.Add(VersionCommand.Create());
        root.Subcommands.Add(CrdsCommand.Create());
        root.Subcommands.Add(EmulatorCommand.Create());
        root.Subcommands.Add(PlanCommand.Create());
        root.Subcommands.Add(ApplyCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        return root;
    }

    /// <summary>Shell convention for a run stopped by Ctrl+C: 128 + SIGINT.</summary>
    public const int Interrupted = 130;

    /// <summary>Parses and runs <paramref name="args"/>; never throws and never prints a stack trace.</summary>
    public static async Task<int> InvokeAsync(
        RootCommand root, string[] args, InvocationConfiguration? configuration = null, CancellationToken cancellationToken = default)
    {
        configuration ??= new InvocationConfiguration();
        // The default handler prints the exception with its stack trace; the guard below replaces it.
        configuration.EnableDefaultExceptionHandler = false;
        try
        {
            return await root.Parse(args).InvokeAsync(configuration, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            WriteSafely(configuration.Error, "iam-operator: interrupted before finishing; running the same command again continues where it stopped.");
            return Interrupted;
        }
        catch (Exception e)
        {
            WriteSafely(configuration.Error, InternalErrorLine(e));
            return ExitCodes.InternalError;
        }
    }

    /// <summary>One line: what failed, and that it is a bug to report (no stack trace, no inner details that span lines).</summary>
    public static string InternalErrorLine(Exception e)
    {
        var message = string.Join(' ', e.Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return $"iam-operator: internal error ({e.GetType().Name}: {message}). This is a bug: please report it with the command you ran (exit code {ExitCodes.InternalError}).";
    }

    private static void WriteSafely(TextWriter error, string line)
    {
        try
        {
            error.WriteLine(line);
        }
        catch (Exception) when (error != Console.Error)
        {
            // The given writer is what failed; stderr is the last place left to say so.
            Console.Error.WriteLine(line);
        }
        catch (IOException)
        {
            // stderr itself is gone (closed pipe): the exit code is all that is left.
        }
    }
}
