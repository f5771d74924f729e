using System.Reflection;
using IamOperator.Cli;
using IamOperator.Iam;
using IamOperator.Resources.Manifests;
using Microsoft.Extensions.Logging.Abstractions;

namespace IamOperator.Tests;

/// <summary>
/// plan/apply judge the users the account snapshot shows from one credential report per run (the snapshot has no
/// credentials): people without MFA are reported on every run, not only when their user changes. A report IAM
/// refuses is one note, never a failed run.
/// </summary>
public sealed class CredentialReportHygieneTests
{
    [Fact]
    public async Task A_no_op_reapply_still_reports_the_users_without_MFA_from_the_credential_report()
    {
        await using var server = await SampleAccount.StartAsync();
        Assert.Equal(FolderReport.Success, (await CliRun.AgainstAsync(server, "apply", CliRun.SamplesFolder)).ExitCode);

        var (exitCode, output, _) = await CliRun.AgainstAsync(server, "plan", CliRun.SamplesFolder);

        Assert.True(exitCode == FolderReport.Success, output);
        Assert.Contains("warning: NoMfa: the user has no MFA device", output);
        Assert.DoesNotContain("credential report could not be read", output);
        Assert.Equal(1, server.Statistics.CallsOf("GetCredentialReport"));
    }

    [Fact]
    public async Task A_credential_report_IAM_refuses_is_one_note_and_the_run_still_succeeds()
    {
        await using var server = await SampleAccount.StartAsync();
        var client = SampleAccount.ClientFor(server);
        var settings = new FolderSettings(CliRun.SamplesFolder, false, false, server.Endpoint, "us-east-1", 10_000, "ci-test");
        var first = await RunAsync(settings, client);
        Assert.Equal(FolderReport.Success, first.ExitCode);
        var iam = DispatchProxy.Create<IIamApi, IamWideFailureTests.RefusingIam>();
        var refusing = (IamWideFailureTests.RefusingIam)(object)iam;
        refusing.Inner = client;
        refusing.Refuse = method => method.Name == nameof(IIamApi.GetCredentialReportAsync)
            ? new IamApiException(IamErrorCode.AccessDenied, "AccessDenied", "User is not authorized to perform: iam:GetCredentialReport", null, 403, "GetCredentialReport")
            : null;

        var report = await RunAsync(settings, iam);

        Assert.Equal(FolderReport.Success, report.ExitCode);
        Assert.All(report.Resources, r => Assert.True(r.IsReady, r.Message));
        var note = Assert.Single(report.Notes, n => n.Contains("credential report", StringComparison.Ordinal));
        Assert.Equal("warning: the credential report could not be read (GetCredentialReport failed: AccessDenied: User is not authorized to perform: "
            + "iam:GetCredentialReport (the operator's IAM policy needs iam:GetCredentialReport; config/iam/operator-policy.json has it)): "
            + "users' MFA, access key age and console password use were not judged", note);
        Assert.DoesNotContain(report.Resources.SelectMany(r => r.Warnings), w => w.StartsWith("NoMfa:", StringComparison.Ordinal));
    }

    private static Task<FolderReport> RunAsync(FolderSettings settings, IIamApi iam) =>
        FolderReconciliation.RunAsync("apply", settings, ManifestLoader.LoadDirectory(CliRun.SamplesFolder), iam, "test IAM",
            new FolderProgress(TextWriter.Null, TerminalStyle.Plain), NullLoggerFactory.Instance, TimeProvider.System, default);
}
