using System.Text.Json;
using IamOperator.Cli;
using IamOperator.Iam;
using IamOperator.Iam.Emulator;

namespace IamOperator.Tests;

/// <summary>plan/apply of config/samples against the IAM emulator over HTTP.</summary>
public class ApplyCommandTests
{

    [Fact]
    public async Task Apply_of_the_samples_makes_every_resource_Ready_and_a_second_apply_writes_nothing()
    {
        await using var server = await SampleAccount.StartAsync();
        var (exitCode, output, error) = await CliRun.AgainstAsync(server, "apply", CliRun.SamplesFolder, json: true);
        Assert.True(exitCode == FolderReport.Success, output + error);
        using (var report = JsonDocument.Parse(output))
        {
            var resources = report.RootElement.GetProperty("resources").EnumerateArray().ToList();
            Assert.Equal(20, resources.Count);
            foreach (var resource in resources)
            {
                var ready = resource.GetProperty("conditions").EnumerateArray().Single(c => c.GetProperty("type").GetString() == "Ready");
                Assert.True(ready.GetProperty("status").GetString() == "True", resource.ToString());
            }
        }
        var writes = server.Statistics.WriteCalls;
        Assert.True(writes > 30, $"{writes} writes");

        var second = await CliRun.AgainstAsync(server, "apply", CliRun.SamplesFolder);
        Assert.Equal(FolderReport.Success, second.ExitCode);
        Assert.Contains("0 IAM writes: everything up to date.", second.Output);
        Assert.Equal(writes, server.Statistics.WriteCalls);
    }

    [Fact]
    public async Task Applied_samples_hold_the_articles_team()
    {
        await using var server = await SampleAccount.StartAsync();
        Assert.Equal(FolderReport.Success, (await CliRun.AgainstAsync(server, "apply", CliRun.SamplesFolder)).ExitCode);
        var iam = SampleAccount.ClientFor(server);
        Assert.Equal(["alice.johnson", "bob.smith", "ci-deployer"], (await iam.GetGroupMembersAsync("Developers", default)).Select(u => u.UserName).Order());
        Assert.Equal(["charlie.ops"], (await iam.GetGroupMembersAsync("DevOps", default)).Select(u => u.UserName));
        Assert.Contains("diana.analyst", (await iam.GetGroupMembersAsync("ReadOnly", default)).Select(u => u.UserName));
        Assert.Equal(["arn:aws:iam::aws:policy/AdministratorAccess"], (await iam.ListAttachedPoliciesAsync(IamPrincipal.Group("DevOps"), default)).Select(p => p.PolicyArn));
        Assert.Equal(["EC2-S3-Access-Role"], (await iam.GetInstanceProfileAsync("EC2-S3-Access-Role", default)).RoleNames);
        var adopted = await iam.ListTagsAsync(IamTaggable.User("erin.legacy"), default);
        Assert.Contains(new IamTag("iamoperator.dev/owner", "ci-test/iam-team/erin.legacy"), adopted);
    }

    [Fact]
    public async Task Plan_prints_what_would_be_created_and_writes_nothing()
    {
        await using var server = await SampleAccount.StartAsync();
        var (exitCode, output, _) = await CliRun.AgainstAsync(server, "plan", CliRun.SamplesFolder);
        Assert.Equal(FolderReport.Success, exitCode);
        Assert.Contains("IamGroup/iam-team/developers -> IAM group Developers", output);
        Assert.Contains("      AttachGroupPolicy Developers arn:aws:iam::aws:policy/PowerUserAccess", output);
        Assert.Contains("      AddUserToGroup alice.johnson Developers", output);
        Assert.Contains("Plan: 20 resource(s): 19 to create, 1 to change, 0 unchanged, 0 blocked, 0 failed; 0 invalid manifest(s)", output);
        Assert.Equal(0, server.Statistics.WriteCalls);
    }

    [Fact]
    public async Task Embedded_apply_runs_the_samples_in_process_and_prints_conditions()
    {
        var (exitCode, output, error) = await CliRun.InvokeAsync(["apply", "-f", CliRun.SamplesFolder, "--embedded"]);
        Assert.Contains("embedded IAM emulator", output);
        Assert.Contains("Ready=True Reconciled: IAM group Developers matches the declaration", output);
        Assert.Contains("instance profile: arn:aws:iam::111122223333:instance-profile/EC2-S3-Access-Role", output);
        Assert.Contains("20 Ready", output);
        Assert.Equal(FolderReport.Success, exitCode);
        Assert.Equal("", error);
    }

    [Fact]
    public async Task IAM_refusing_the_credentials_stops_the_run_at_the_preflight_with_one_line_and_exit_4()
    {
        // An account that knows another key: every call is refused, which no retry can fix.
        await using var server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions
        {
            Credentials = [new EmulatorCredential("AKIAOTHEREXAMPLE0001", "otherSecretKeyExampleOtherSecretKeyExample")],
        }, 0);
        var (exitCode, output, error) = await CliRun.AgainstAsync(server, "apply", CliRun.SamplesFolder);
        Assert.Equal(ExitCodes.AwsCredentials, exitCode);
        Assert.Matches(@"^apply: IAM rejected the AWS credentials \(InvalidClientTokenId: [^\n]*AWS_ACCESS_KEY_ID[^\n]*\n$", error);
        Assert.DoesNotContain("[1/", output);
        Assert.Equal(0, server.Statistics.WriteCalls);
    }

    [Fact]
    public async Task A_wrong_secret_stops_the_run_at_the_preflight_instead_of_failing_every_resource()
    {
        await using var server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions
        {
            Credentials = [new EmulatorCredential(EmulatorCredential.DocumentationExample.AccessKeyId, "notTheSecretThatGoesWithTheDocumentationKey00")],
        }, 0);
        var (exitCode, output, error) = await CliRun.AgainstAsync(server, "plan", CliRun.SamplesFolder);
        Assert.Equal(ExitCodes.AwsCredentials, exitCode);
        Assert.StartsWith("plan: IAM rejected the AWS credentials (SignatureDoesNotMatch", error);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.DoesNotContain("SignatureDoesNotMatch", output);
    }

    [Fact]
    public async Task With_json_output_a_preflight_failure_is_still_a_report_on_stdout_with_every_resource_not_reconciled()
    {
        await using var server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions
        {
            Credentials = [new EmulatorCredential(EmulatorCredential.DocumentationExample.AccessKeyId, "notTheSecretThatGoesWithTheDocumentationKey00")],
        }, 0);
        var (exitCode, output, _) = await CliRun.AgainstAsync(server, "plan", CliRun.SamplesFolder, json: true);

        Assert.Equal(ExitCodes.AwsCredentials, exitCode);
        using var report = JsonDocument.Parse(output);
        Assert.Equal(ExitCodes.AwsCredentials, report.RootElement.GetProperty("exitCode").GetInt32());
        Assert.StartsWith("IAM rejected the AWS credentials", report.RootElement.GetProperty("stopped").GetString());
        Assert.Equal(20, report.RootElement.GetProperty("notReconciled").GetInt32());
        Assert.Equal(0, report.RootElement.GetProperty("resources").GetArrayLength());
    }

    [Fact]
    public async Task An_IAM_endpoint_that_does_not_answer_stops_the_run_within_seconds_with_exit_5()
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var (exitCode, output, error) = await CliRun.InvokeAsync(["plan", "-f", CliRun.SamplesFolder, "--iam-endpoint", "http://127.0.0.1:1/"]);
        Assert.Equal(ExitCodes.IamUnreachable, exitCode);
        Assert.StartsWith("plan: cannot reach IAM at http://127.0.0.1:1/", error);
        Assert.Contains("--iam-endpoint", error);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.DoesNotContain("[1/", output);
        // Before the preflight this took 107 s of per-resource retries; the preflight allows two 5 s attempts.
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(30), $"took {started.Elapsed}");
    }

    [Fact]
    public async Task Missing_folder_is_invalid_input()
    {
        var (exitCode, output, _) = await CliRun.InvokeAsync(["plan", "-f", "/nonexistent/manifests", "--embedded"]);
        Assert.Equal(FolderReport.InvalidInput, exitCode);
        Assert.Contains("/nonexistent/manifests: the path does not exist", output);
    }

    [Fact]
    public async Task Embedded_and_endpoint_together_are_refused()
    {
        var (exitCode, _, error) = await CliRun.InvokeAsync(["plan", "-f", CliRun.SamplesFolder, "--embedded", "--iam-endpoint", "http://127.0.0.1:1/"]);
        Assert.NotEqual(0, exitCode);
        Assert.Contains("--embedded and --iam-endpoint exclude each other", error);
    }

    [Fact]
    public void Default_owner_id_is_stable_for_a_folder_and_differs_between_folders()
    {
        Assert.Equal(FolderOptions.DefaultOwnerId("/repo/config/samples"), FolderOptions.DefaultOwnerId("/repo/config/samples/"));
        Assert.NotEqual(FolderOptions.DefaultOwnerId("/repo/config/samples"), FolderOptions.DefaultOwnerId("/repo/config/other"));
        Assert.Matches("^folder-[0-9a-f]{12}$", FolderOptions.DefaultOwnerId("/repo/config/samples"));
    }
}
