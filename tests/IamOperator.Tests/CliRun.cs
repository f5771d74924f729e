using System.CommandLine;
using IamOperator.Cli;

namespace IamOperator.Tests;

/// <summary>Runs the CLI in-process with captured output, through the same root and top-level guard as Program.cs.</summary>
internal static class CliRun
{
    static CliRun()
    {
        // --iam-endpoint takes credentials from the AWS SDK default chain; every test uses the emulator's documentation key.
        var credential = Iam.Emulator.EmulatorCredential.DocumentationExample;
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", credential.AccessKeyId);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", credential.SecretAccessKey);
        Environment.SetEnvironmentVariable("AWS_REGION", "us-east-1");
    }

    public static string SamplesFolder => RepositoryRoot.Combine("config", "samples");

    public static async Task<(int ExitCode, string Output, string Error)> InvokeAsync(string[] args, CancellationToken ct = default)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await CliApplication.InvokeAsync(CliApplication.CreateRoot(), args, new InvocationConfiguration { Output = output, Error = error }, ct);
        return (exitCode, output.ToString(), error.ToString());
    }

    /// <summary>apply/plan against an emulator over HTTP, with a fixed owner id and no client-side pacing.</summary>
    public static Task<(int ExitCode, string Output, string Error)> AgainstAsync(
        Iam.Emulator.IamEmulatorServer server, string verb, string folder, bool json = false, CancellationToken ct = default) =>
        InvokeAsync([verb, "-f", folder, "--iam-endpoint", server.Endpoint.ToString(), "--owner-id", "ci-test",
            "--iam-requests-per-second", "10000", .. json ? new[] { "-o", "json" } : []], ct);
}
