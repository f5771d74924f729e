using System.Diagnostics;

namespace IamOperator.Tests;

/// <summary>
/// <c>-f -</c> reads manifests from standard input, as <c>kubectl apply -f -</c> does, and SIGTERM ends a
/// run that is still waiting for them. Run as the built application, since only a process has a standard input.
/// </summary>
public sealed class StandardInputTests
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
}
