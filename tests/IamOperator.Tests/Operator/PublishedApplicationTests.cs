using System.Diagnostics;

namespace IamOperator.Tests.Operator;

/// <summary>The built application (what the container image runs as `iam-operator`) starts and describes its verbs.</summary>
public sealed class PublishedApplicationTests
{
    [Fact]
    public async Task The_application_starts_and_its_help_lists_every_stable_verb()
    {
        var assembly = Path.Combine(AppContext.BaseDirectory, "iam-operator.dll");
        Assert.True(File.Exists(assembly), $"the application is built next to the tests: {assembly}");
        var start = new ProcessStartInfo("dotnet", [assembly, "--help"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

        Assert.Equal(0, process.ExitCode);
        foreach (var verb in new[] { "run", "plan", "apply", "crds", "emulator" })
        {
            Assert.Matches($@"(?m)^\s+{verb}\b", output);
        }
    }
}
