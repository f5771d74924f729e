using System.Text;
using System.Text.RegularExpressions;
using IamOperator.Cli;
using IamOperator.Iam;
using IamOperator.Iam.Emulator;

namespace IamOperator.Tests;

/// <summary>
/// IAM calls are the scarce resource (one account-wide budget, 100-250 ms each outside us-east-1): plan and
/// apply observe the account once (GetAccountAuthorizationDetails) instead of reading every entity. These
/// pin the call counts the emulator records, not times.
/// </summary>
public sealed partial class CallBudgetTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("iamoperator-calls-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>
    /// What verifying the team sample's spec.accessChecks costs: one SimulatePrincipalPolicy per distinct context of a
    /// principal's checks (Developers and ReadOnly sign in with MFA, and Developers also checks a request without it;
    /// the two roles give none), 5 calls for 4 principals.
    /// </summary>
    private static readonly int TeamSimulationCalls = TeamSampleSimulationCalls();

    private static int TeamSampleSimulationCalls()
    {
        var team = Resources.Manifests.ManifestLoader.Load([Path.Combine(CliRun.SamplesFolder, "team.yaml")], recursive: false).Resources;
        var calls = team.Sum(r => Reconciliation.Access.AccessCheckSimulation.Requests(Reconciliation.Desired.DesiredAccessCheck.Of(r)).Count);
        Assert.Equal(5, calls);
        return calls;
    }

    private static string Calls(IamEmulatorServer server) =>
        string.Join(", ", server.Statistics.CallsByAction.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}"));

    [Fact]
    public async Task Creating_the_team_from_empty_costs_at_most_1_2_calls_per_write_preflight_included()
    {
        // The article's team (groups with AWS managed policies, users in them, two service roles) into an empty account.
        File.Copy(Path.Combine(CliRun.SamplesFolder, "team.yaml"), Path.Combine(folder, "team.yaml"));
        await using var server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions { AccountId = FolderIamConnection.EmbeddedAccountId }, 0);

        var (exitCode, output, _) = await CliRun.AgainstAsync(server, "apply", folder);

        Assert.True(exitCode == FolderReport.Success, output);
        var stats = server.Statistics;
        // Verifying the access checks is a declared cost apart from reconciling: one simulation per principal with checks.
        var simulations = stats.CallsOf("SimulatePrincipalPolicy");
        Assert.Equal(TeamSimulationCalls, simulations);
        Assert.True(stats.TotalCalls - simulations <= 1.2 * stats.WriteCalls, $"{stats.TotalCalls} calls for {stats.WriteCalls} writes: {Calls(server)}");
        // The account read is the preflight: its answer proves IAM answers and accepts the credentials, so no
        // GetAccountSummary of its own (no plan attaches more than the default quota of 10 managed policies, and no
        // folder creates more entities than the account's default quotas leave room for).
        Assert.Equal(1, stats.CallsOf("GetAccountAuthorizationDetails"));
        Assert.Equal(0, stats.CallsOf("GetAccountSummary"));
        Assert.Equal(0, stats.CallsOf("GetUser") + stats.CallsOf("GetGroup") + stats.CallsOf("GetRole") + stats.CallsOf("GetPolicy"));
        // Users created now have no credentials to judge: no credential report is read.
        Assert.Equal(0, stats.CallsOf("GenerateCredentialReport") + stats.CallsOf("GetCredentialReport"));
    }

    [Fact]
    public async Task A_no_op_reapply_of_the_team_reads_the_account_once_and_writes_nothing()
    {
        await using var server = await SampleAccount.StartAsync();
        Assert.Equal(FolderReport.Success, (await CliRun.AgainstAsync(server, "apply", CliRun.SamplesFolder)).ExitCode);
        server.Statistics.Reset();

        var (exitCode, output, _) = await CliRun.AgainstAsync(server, "apply", CliRun.SamplesFolder);

        Assert.True(exitCode == FolderReport.Success, output);
        Assert.Equal(0, server.Statistics.WriteCalls);
        // The account once (which is also the preflight), the roles once for the description and maximum session
        // duration the snapshot lacks, the credential report once (generate, get) for the users' MFA and key age (per
        // run, not per user), the account password policy sample's one read (no write when IAM holds it), and one
        // simulation per principal with access checks, which apply verifies every time.
        Assert.Equal(1, server.Statistics.CallsOf("GetAccountAuthorizationDetails"));
        Assert.Equal(1, server.Statistics.CallsOf("ListRoles"));
        Assert.Equal(1, server.Statistics.CallsOf("GenerateCredentialReport"));
        Assert.Equal(1, server.Statistics.CallsOf("GetCredentialReport"));
        Assert.Equal(1, server.Statistics.CallsOf("GetAccountPasswordPolicy"));
        Assert.Equal(TeamSimulationCalls, server.Statistics.CallsOf("SimulatePrincipalPolicy"));
        Assert.True(server.Statistics.TotalCalls == 5 + TeamSimulationCalls, Calls(server));
    }

    [Fact]
    public async Task A_no_op_reapply_of_users_costs_one_account_read_whatever_their_number()
    {
        async Task<int> NoOpCallsAsync(int users)
        {
            WriteUsers(users);
            await using var server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions(), 0);
            Assert.Equal(FolderReport.Success, (await CliRun.AgainstAsync(server, "apply", folder)).ExitCode);
            server.Statistics.Reset();
            var (exitCode, output, _) = await CliRun.AgainstAsync(server, "apply", folder);
            Assert.True(exitCode == FolderReport.Success, output);
            Assert.Equal(0, server.Statistics.WriteCalls);
            return server.Statistics.TotalCalls;
        }

        // GetAccountAuthorizationDetails, which is also the preflight.
        Assert.Equal(1, await NoOpCallsAsync(3));
        Assert.Equal(1, await NoOpCallsAsync(30));
    }

    [Fact]
    public async Task N_IamPolicies_no_op_costs_a_constant_number_of_calls()
    {
        async Task<int> NoOpCallsAsync(int policies)
        {
            WritePolicies(policies);
            await using var server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions(), 0);
            Assert.Equal(FolderReport.Success, (await CliRun.AgainstAsync(server, "apply", folder)).ExitCode);
            server.Statistics.Reset();
            var (exitCode, output, _) = await CliRun.AgainstAsync(server, "apply", folder);
            Assert.True(exitCode == FolderReport.Success, output);
            Assert.Equal(0, server.Statistics.WriteCalls);
            Assert.Equal(0, server.Statistics.CallsOf("ListPolicies"));
            return server.Statistics.TotalCalls;
        }

        // GetAccountAuthorizationDetails, which is also the preflight.
        Assert.Equal(1, await NoOpCallsAsync(3));
        Assert.Equal(1, await NoOpCallsAsync(25));
    }

    [Fact]
    public async Task Creating_policies_from_empty_lists_no_policies_and_reads_nothing_per_policy()
    {
        WritePolicies(10);
        await using var server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions(), 0);
        var (exitCode, output, _) = await CliRun.AgainstAsync(server, "apply", folder);
        Assert.True(exitCode == FolderReport.Success, output);
        Assert.Equal(10, server.Statistics.WriteCalls);
        // The writes and the account read (which is also the preflight).
        Assert.True(server.Statistics.TotalCalls == 11, Calls(server));
    }

    [Fact]
    public async Task Apply_and_plan_end_with_the_IAM_call_count_and_the_writes()
    {
        await using var server = await SampleAccount.StartAsync();
        var apply = await CliRun.AgainstAsync(server, "apply", CliRun.SamplesFolder);
        Assert.EndsWith($"{server.Statistics.TotalCalls} IAM call(s), {server.Statistics.WriteCalls} write(s).", apply.Output.TrimEnd());

        server.Statistics.Reset();
        var plan = await CliRun.AgainstAsync(server, "plan", CliRun.SamplesFolder);
        Assert.EndsWith($"{server.Statistics.TotalCalls} IAM call(s), 0 write(s).", plan.Output.TrimEnd());

        // With -o json the line goes to stderr, so stdout stays one JSON document.
        server.Statistics.Reset();
        var json = await CliRun.AgainstAsync(server, "plan", CliRun.SamplesFolder, json: true);
        Assert.EndsWith($"{server.Statistics.TotalCalls} IAM call(s), 0 write(s).", json.Error.TrimEnd());
        Assert.DoesNotContain("IAM call(s)", json.Output);
    }

    [Fact]
    public async Task Plan_spells_a_policy_it_would_create_with_the_account_id_read_from_IAM()
    {
        await using var server = await SampleAccount.StartAsync();

        var (exitCode, output, _) = await CliRun.AgainstAsync(server, "plan", CliRun.SamplesFolder);

        Assert.Equal(FolderReport.Success, exitCode);
        Assert.Contains("AttachGroupPolicy Analysts arn:aws:iam::111122223333:policy/iam-team/ReportsBucketRead", output);
        Assert.DoesNotContain("iam::ACCOUNT:", output);
    }

    [Fact]
    public async Task A_role_description_changed_outside_is_corrected_though_the_snapshot_does_not_carry_it()
    {
        await using var server = await SampleAccount.StartAsync();
        Assert.Equal(FolderReport.Success, (await CliRun.AgainstAsync(server, "apply", CliRun.SamplesFolder)).ExitCode);
        var iam = SampleAccount.ClientFor(server);
        var role = await iam.GetRoleAsync("Lambda-Basic-Role", default);
        await iam.UpdateRoleAsync("Lambda-Basic-Role", "changed by hand", null, default);
        server.Statistics.Reset();

        var (exitCode, output, _) = await CliRun.AgainstAsync(server, "apply", CliRun.SamplesFolder);

        Assert.True(exitCode == FolderReport.Success, output);
        Assert.Equal(1, server.Statistics.CallsOf("UpdateRole"));
        Assert.Equal(role.Description, (await iam.GetRoleAsync("Lambda-Basic-Role", default)).Description);
    }

    [Fact]
    public async Task Resources_of_one_level_run_concurrently_within_the_bound_and_the_output_keeps_the_folder_order()
    {
        WriteUsers(12);
        await using var server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions(), 0);
        // Slow calls, so that the users' reconciles are still in flight when the next ones start.
        server.Faults.Latency = TimeSpan.FromMilliseconds(20);
        var (iam, observer) = ObservedIamApi.Wrap(SampleAccount.ClientFor(server));

        var (report, progress) = await RunAsync(iam, concurrency: 4);

        Assert.Equal(FolderReport.Success, report.ExitCode);
        string[] order = ["IamGroup/team/people", .. Enumerable.Range(0, 12).Select(i => $"IamUser/team/user-{i:D2}")];
        Assert.Equal(order, ProgressLine().Matches(progress).Select(m => m.Groups["resource"].Value));
        Assert.Equal(order, report.Resources.Select(r => r.Resource.ToString()));
        Assert.Equal(12, server.Statistics.CallsOf("CreateUser"));
        Assert.InRange(observer.MaxInFlight, 2, 4);
    }

    [Fact]
    public async Task An_endpoint_without_GetAccountAuthorizationDetails_is_read_entity_by_entity_with_a_warning()
    {
        WriteUsers(2);
        await using var server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions(), 0);
        var (iam, _) = ObservedIamApi.Wrap(SampleAccount.ClientFor(server), unimplementedMethod: nameof(IIamApi.GetAccountAuthorizationDetailsAsync));

        var (first, _) = await RunAsync(iam, concurrency: 8);
        server.Statistics.Reset();
        var (second, _) = await RunAsync(iam, concurrency: 8);

        Assert.Equal(FolderReport.Success, first.ExitCode);
        Assert.Equal(FolderReport.Success, second.ExitCode);
        Assert.Contains(second.Notes, n => n.StartsWith("warning: GetAccountAuthorizationDetails failed (NotImplemented", StringComparison.Ordinal)
            && n.Contains("each entity is read by itself", StringComparison.Ordinal));
        Assert.Equal(0, server.Statistics.WriteCalls);
        Assert.Equal(2, server.Statistics.CallsOf("GetUser"));
        Assert.Equal(1, server.Statistics.CallsOf("GetGroup"));
    }

    [Fact]
    public async Task Without_the_account_snapshot_a_policy_is_read_at_the_ARN_of_the_callers_account_instead_of_listing_every_policy()
    {
        WritePolicies(4);
        await using var server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions(), 0);
        var (iam, _) = ObservedIamApi.Wrap(SampleAccount.ClientFor(server), unimplementedMethod: nameof(IIamApi.GetAccountAuthorizationDetailsAsync));

        var (first, _) = await RunAsync(iam, concurrency: 8);
        var created = server.Statistics.CallsOf("CreatePolicy");
        server.Statistics.Reset();
        var (second, _) = await RunAsync(iam, concurrency: 8);

        Assert.Equal(FolderReport.Success, first.ExitCode);
        Assert.Equal(4, created);
        Assert.Equal(FolderReport.Success, second.ExitCode);
        Assert.Equal(0, server.Statistics.WriteCalls);
        // The account id from sts:GetCallerIdentity (once per run) spells each policy's ARN: no ListPolicies.
        Assert.Equal(0, server.Statistics.CallsOf("ListPolicies"));
        Assert.Equal(1, server.Statistics.CallsOf("GetCallerIdentity"));
        Assert.Equal(4, server.Statistics.CallsOf("GetPolicy"));
    }

    [Fact]
    public async Task Without_the_account_snapshot_a_policy_name_taken_under_another_path_is_still_found_and_refused()
    {
        WritePolicies(1);
        await using var server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions(), 0);
        var (iam, _) = ObservedIamApi.Wrap(SampleAccount.ClientFor(server), unimplementedMethod: nameof(IIamApi.GetAccountAuthorizationDetailsAsync));
        // Policy names are unique per account, not per path: someone made this one under another path.
        await iam.CreatePolicyAsync(new CreatePolicyRequest("read-bucket-00", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""", Path: "/elsewhere/"), default);
        server.Statistics.Reset();

        var (report, _) = await RunAsync(iam, concurrency: 8);

        var outcome = Assert.Single(report.Resources);
        Assert.True(outcome.IsStalled, $"{outcome.Reason}: {outcome.Conditions}");
        Assert.Equal(1, server.Statistics.CallsOf("CreatePolicy"));
        Assert.Equal(1, server.Statistics.CallsOf("ListPolicies"));
    }

    [Fact]
    public async Task An_endpoint_without_ListRoles_reads_each_role_for_what_the_snapshot_lacks()
    {
        File.Copy(Path.Combine(CliRun.SamplesFolder, "team.yaml"), Path.Combine(folder, "team.yaml"));
        await using var server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions(), 0);
        var (iam, _) = ObservedIamApi.Wrap(SampleAccount.ClientFor(server), unimplementedMethod: nameof(IIamApi.ListRolesAsync));
        Assert.Equal(FolderReport.Success, (await RunAsync(iam, concurrency: 8)).Report.ExitCode);
        server.Statistics.Reset();

        var (report, _) = await RunAsync(iam, concurrency: 8);

        Assert.Equal(FolderReport.Success, report.ExitCode);
        Assert.Equal(0, server.Statistics.WriteCalls);
        Assert.Equal(2, server.Statistics.CallsOf("GetRole"));
        // The account, two roles, the credential report (generate, get), and the simulations.
        Assert.Equal(5 + TeamSimulationCalls, server.Statistics.TotalCalls);
    }

    private async Task<(FolderReport Report, string Progress)> RunAsync(IIamApi iam, int concurrency)
    {
        var progress = new StringWriter();
        var settings = new FolderSettings(folder, Json: false, Embedded: false, IamEndpoint: null, "us-east-1", 10_000, "ci-test", concurrency);
        var report = await FolderReconciliation.RunAsync("apply", settings, Resources.Manifests.ManifestLoader.LoadDirectory(folder), iam, "emulator",
            new FolderProgress(progress, TerminalStyle.Plain), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, TimeProvider.System, default);
        return (report, progress.ToString());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65")]
    public async Task Concurrency_outside_1_to_64_is_refused(string concurrency)
    {
        var (exitCode, _, error) = await CliRun.InvokeAsync(["plan", "-f", CliRun.SamplesFolder, "--embedded", "--concurrency", concurrency]);
        Assert.NotEqual(FolderReport.Success, exitCode);
        Assert.Contains($"--concurrency must be a whole number from 1 to 64, got {concurrency}.", error);
    }

    private void WriteUsers(int count)
    {
        var yaml = new StringBuilder("""
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamGroup
            metadata: { name: people, namespace: team }
            spec:
              permissions:
                managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]

            """);
        for (var i = 0; i < count; i++)
        {
            yaml.Append($$"""
                ---
                apiVersion: iamoperator.dev/v1alpha1
                kind: IamUser
                metadata: { name: user-{{i:D2}}, namespace: team }
                spec:
                  requireMfa: false
                  groupRefs: [{ name: people }]

                """);
        }

        File.WriteAllText(Path.Combine(folder, "users.yaml"), yaml.ToString());
    }

    private void WritePolicies(int count)
    {
        var yaml = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            yaml.Append($$"""
                ---
                apiVersion: iamoperator.dev/v1alpha1
                kind: IamPolicy
                metadata: { name: read-bucket-{{i:D2}}, namespace: team }
                spec:
                  description: reads bucket {{i}}
                  document:
                    Version: "2012-10-17"
                    Statement:
                      - Effect: Allow
                        Action: [s3:GetObject]
                        Resource: [arn:aws:s3:::bucket-{{i}}/*]

                """);
        }

        File.WriteAllText(Path.Combine(folder, "policies.yaml"), yaml.ToString());
    }

    [GeneratedRegex(@"^\[\d+/\d+\] (?<resource>\S+): ", RegexOptions.Multiline)]
    private static partial Regex ProgressLine();
}
