using System.Diagnostics;
using System.Globalization;
using IamOperator.Cli;
using IamOperator.Iam.Emulator;

namespace IamOperator.Tests;

/// <summary>
/// <c>-f -</c> reads manifests from standard input, as <c>kubectl apply -f -</c> does, and SIGTERM ends a
/// run promptly, whether it is still waiting for them or applying. Run as the built application, since
/// only a process has a standard input and receives signals.
/// </summary>
public sealed class StandardInputAndSignalTests
{
    [Fact]
    public async Task Plan_reads_the_manifests_piped_to_f_dash()
    {
        using var process = AppProcess.Start(null, "plan", "-f", "-", "--embedded");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(await File.ReadAllTextAsync(Path.Combine(CliRun.SamplesFolder, "team.yaml")));
        process.StandardInput.Close();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

        Assert.True(process.ExitCode == 0, await output + await error);
        Assert.Contains("from STDIN", await output);
        Assert.Contains("IamGroup/iam-team/developers", await output);
    }

    [Fact]
    public async Task SIGTERM_ends_a_run_waiting_for_standard_input_without_a_stack_trace()
    {
        using var process = AppProcess.Start(null, "apply", "-f", "-", "--embedded");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        // More than a pipe holds (64 KiB): once written, the loader has read most of it and waits for the rest.
        await process.StandardInput.WriteAsync(string.Concat(Enumerable.Repeat("# waiting for more\n", 64 * 1024)));
        await process.StandardInput.FlushAsync();

        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        try
        {
            await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }

        Assert.NotEqual(0, process.ExitCode);
        Assert.DoesNotContain("   at ", await output + await error);
    }

    [Fact]
    public async Task SIGTERM_stops_a_running_apply_before_it_finishes()
    {
        await using var server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions { AccountId = FolderIamConnection.EmbeddedAccountId }, 0);
        server.Faults.Latency = TimeSpan.FromMilliseconds(200); // the samples take 40+ writes: about 10 s unstopped
        var credential = EmulatorCredential.DocumentationExample;
        var environment = new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = credential.AccessKeyId, ["AWS_SECRET_ACCESS_KEY"] = credential.SecretAccessKey, ["AWS_REGION"] = "us-east-1",
        };
        using var process = AppProcess.Start(environment, "apply", "-f", CliRun.SamplesFolder, "--iam-endpoint", server.Endpoint.ToString(),
            "--owner-id", "ci-test", "--iam-requests-per-second", "10000");
        process.StandardInput.Close();
        var error = process.StandardError.ReadToEndAsync();
        var lines = new List<string>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
        {
            lines.Add(line);
            if (line.StartsWith("[1/", StringComparison.Ordinal)) break;
        }

        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        lines.AddRange((await process.StandardOutput.ReadToEndAsync(deadline.Token)).Split('\n'));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }

        var output = string.Join('\n', lines);
        Assert.NotEqual(0, process.ExitCode);
        Assert.DoesNotContain("[18/18]", output); // the last resource was never reached
        Assert.DoesNotContain("   at ", output + await error);
    }
}
