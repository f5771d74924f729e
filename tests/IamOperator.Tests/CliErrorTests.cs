using System.CommandLine;
using System.Diagnostics;
using System.Text;
using IamOperator.Cli;
using IamOperator.Iam;

namespace IamOperator.Tests;

/// <summary>No code path of the CLI prints a .NET stack trace: every failure is one line and a documented exit code.</summary>
public sealed class CliErrorTests
{
    /// <summary>A stdout that fails on the first write: an exception no verb expects.</summary>
    private sealed class FailingWriter : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;
        public override void Write(char value) => throw new InvalidOperationException("stdout is broken\n   on two lines");
    }

    public static TheoryData<string[]> Verbs => new()
    {
        new[] { "version" },
        new[] { "crds" },
        new[] { "plan", "-f", CliRun.SamplesFolder, "--embedded" },
        new[] { "apply", "-f", CliRun.SamplesFolder, "--embedded" },
        new[] { "emulator", "--port", "0" },
    };

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task An_unexpected_exception_in_any_verb_is_one_line_with_the_internal_error_exit_code(string[] args)
    {
        var error = new StringWriter();
        var exitCode = await CliApplication.InvokeAsync(CliApplication.CreateRoot(), args, new InvocationConfiguration { Output = new FailingWriter(), Error = error });

        Assert.Equal(ExitCodes.InternalError, exitCode);
        Assert.Equal(
            $"iam-operator: internal error (InvalidOperationException: stdout is broken on two lines). This is a bug: please report it with the command you ran (exit code {ExitCodes.InternalError}).",
            error.ToString().TrimEnd('\n'));
    }

    [Theory]
    [InlineData(IamErrorCode.AuthFailure, IamApiException.NoCredentialsCode, 0, ExitCodes.AwsCredentials, "no AWS credentials found")]
    [InlineData(IamErrorCode.AuthFailure, "SignatureDoesNotMatch", 403, ExitCodes.AwsCredentials, "IAM rejected the AWS credentials (SignatureDoesNotMatch")]
    [InlineData(IamErrorCode.AuthFailure, "InvalidClientTokenId", 403, ExitCodes.AwsCredentials, "IAM rejected the AWS credentials (InvalidClientTokenId")]
    [InlineData(IamErrorCode.AuthFailure, "ExpiredToken", 403, ExitCodes.AwsCredentials, "session has expired")]
    [InlineData(IamErrorCode.AuthFailure, "RequestExpired", 400, ExitCodes.AwsCredentials, "clock")]
    [InlineData(IamErrorCode.AccessDenied, "AccessDenied", 403, ExitCodes.AwsCredentials, "may not read IAM (iam:GetAccountSummary was denied")]
    [InlineData(IamErrorCode.NetworkFailure, "NetworkFailure", 0, ExitCodes.IamUnreachable, "cannot reach IAM at https://iam.amazonaws.com/")]
    [InlineData(IamErrorCode.ServiceFailure, "ServiceFailure", 500, ExitCodes.IamUnreachable, "not answering normally")]
    [InlineData(IamErrorCode.Unknown, "HTTP502", 502, ExitCodes.IamUnreachable, "not answering normally")]
    public void A_preflight_failure_no_retry_can_fix_stops_the_run_with_its_exit_code_and_what_to_do(
        IamErrorCode code, string iamCode, int status, int exitCode, string message)
    {
        var failure = IamPreflight.Judge(new IamApiException(code, iamCode, "details\nover two lines", null, status, IamPreflight.Action), new Uri("https://iam.amazonaws.com/"));

        Assert.NotNull(failure);
        Assert.Equal(exitCode, failure.ExitCode);
        Assert.Contains(message, failure.Message);
        Assert.DoesNotContain('\n', failure.Message);
    }

    [Fact]
    public void An_endpoint_that_answers_the_preflight_with_another_error_has_accepted_the_credentials() =>
        Assert.Null(IamPreflight.Judge(new IamApiException(IamErrorCode.Unknown, "InvalidAction", "not implemented", null, 400, IamPreflight.Action), new Uri("http://127.0.0.1:4566/")));

    /// <summary>The published application, with no AWS credentials anywhere the SDK looks.</summary>
    [Fact]
    public async Task Plan_without_AWS_credentials_is_one_line_that_says_how_to_provide_them_and_exits_4()
    {
        var home = Directory.CreateTempSubdirectory("iamoperator-no-credentials-").FullName;
        try
        {
            var assembly = Path.Combine(AppContext.BaseDirectory, "iam-operator.dll");
            var start = new ProcessStartInfo("dotnet", [assembly, "plan", "-f", CliRun.SamplesFolder, "--iam-endpoint", "http://127.0.0.1:1/"])
            {
                RedirectStandardOutput = true, RedirectStandardError = true,
            };
            foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal)).ToList()) start.Environment.Remove(name);
            start.Environment["HOME"] = home;
            // No instance metadata service here: the SDK would otherwise spend seconds probing for one.
            start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

            Assert.True(process.ExitCode == ExitCodes.AwsCredentials, $"exit code {process.ExitCode}: {error}");
            Assert.StartsWith("plan: no AWS credentials found", error);
            Assert.Contains("--embedded", error);
            Assert.Single(error.TrimEnd().Split('\n'));
            Assert.DoesNotContain("AmazonClientException", error + await output);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
