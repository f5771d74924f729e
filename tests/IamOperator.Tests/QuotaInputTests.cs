using System.Text.Json;
using IamOperator.Cli;
using IamOperator.Iam.Emulator;
using IamOperator.Policies;
using IamOperator.Reconciliation;
using IamOperator.Reconciliation.Planning;
using IamOperator.Resources;

namespace IamOperator.Tests;

/// <summary>
/// A declaration that asks for more than IAM's quotas allow is invalid input (exit 1), refused before the
/// first write; only what IAM itself refuses or fails, or what IAM's state blocks, is an IAM failure (exit 2).
/// </summary>
public sealed class QuotaInputTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("iamoperator-quota-input-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private void Write(string file, string yaml) => File.WriteAllText(Path.Combine(folder, file), yaml);

    /// <summary>Eleven AWS managed policies the emulator's catalogue holds; IAM's default quota per role is ten.</summary>
    private static readonly string[] Eleven =
    [
        "ReadOnlyAccess", "AmazonS3ReadOnlyAccess", "AmazonEC2ReadOnlyAccess", "AmazonDynamoDBReadOnlyAccess", "IAMReadOnlyAccess",
        "SecurityAudit", "CloudWatchReadOnlyAccess", "CloudWatchLogsFullAccess", "service-role/AWSLambdaBasicExecutionRole",
        "service-role/AWSLambdaVPCAccessExecutionRole", "job-function/ViewOnlyAccess",
    ];

    private static ReconcileOutcome Blocked(string reason, bool declarationAtFault)
    {
        var key = new ResourceKey(IamServiceRole.KindName, "team", "app");
        return new ReconcileOutcome
        {
            Resource = key,
            Conditions = ConditionState.Stalled(reason, "blocked"),
            Plan = Plan.Blocked(key, IamEntityKind.Role, "app", reason, "blocked", declarationAtFault),
        };
    }

    [Fact]
    public void A_plan_blocked_by_its_own_declaration_over_an_IAM_quota_is_invalid_input_and_counted_blocked()
    {
        var report = new FolderReport("plan", "/folder", "owner", "iam", [], [], [Blocked(ConditionReasons.LimitExceeded, declarationAtFault: true)]);

        Assert.Equal((FolderReport.InvalidInput, new PlanCounts(0, 0, 0, 1, 0)), (report.ExitCode, report.CountPlan()));
    }

    [Fact]
    public void A_plan_blocked_by_IAMs_state_at_an_IAM_limit_stays_an_IAM_failure()
    {
        // E.g. adopting an entity that already holds 50 tags: nothing in the declaration can fix it.
        var report = new FolderReport("plan", "/folder", "owner", "iam", [], [], [Blocked(ConditionReasons.LimitExceeded, declarationAtFault: false)]);

        Assert.Equal((FolderReport.IamFailure, new PlanCounts(0, 0, 0, 0, 1)), (report.ExitCode, report.CountPlan()));
    }

    [Theory]
    [InlineData("plan")]
    [InlineData("apply")]
    public async Task A_role_over_the_attachment_quota_is_blocked_invalid_input_and_the_other_resources_still_apply(string verb)
    {
        Write("role.yaml", $$"""
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamServiceRole
            metadata: { name: ec2-s3, namespace: team }
            spec:
              trust: { services: [ec2.amazonaws.com] }
              permissions:
                managedPolicyArns: [{{string.Join(", ", Eleven.Select(n => $"arn:aws:iam::aws:policy/{n}"))}}]
            ---
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamUser
            metadata: { name: alice, namespace: team }
            spec: {}
            """);
        await using var server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions(), 0);

        var (exitCode, output, error) = await CliRun.AgainstAsync(server, verb, folder);

        Assert.True(exitCode == FolderReport.InvalidInput, output + error);
        Assert.Contains("11 managed policies declared, but this account attaches at most 10", output);
        if (verb == "plan") Assert.Contains("2 resource(s): 1 to create, 0 to change, 0 unchanged, 1 blocked, 0 failed", output);
        Assert.Equal(verb == "apply" ? 1 : 0, server.Statistics.CallsOf("CreateUser"));
        Assert.Equal(0, server.Statistics.CallsOf("CreateRole"));
    }
    private static string Users(params string[] names) => string.Join("---\n", names.Select(name => $$"""
        apiVersion: iamoperator.dev/v1alpha1
        kind: IamUser
        metadata: { name: {{name}}, namespace: team }
        spec: {}

        """));

    private static string Groups(params string[] names) => string.Join("---\n", names.Select(name => $$"""
        apiVersion: iamoperator.dev/v1alpha1
        kind: IamGroup
        metadata: { name: {{name}}, namespace: team }
        spec: {}

        """));

    /// <summary>
    /// An account holding <paramref name="existing"/> groups made by hand. IAM's default group quota is 300 and no
    /// account's quota is lower, so the operator asks for the account's quotas only when a folder's creations pass it.
    /// </summary>
    private static async Task<IamEmulatorServer> AccountWithGroupsAsync(int existing)
    {
        var server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions(), 0);
        var iam = SampleAccount.ClientFor(server);
        for (var i = 0; i < existing; i++) await iam.CreateGroupAsync($"by-hand-{i:D3}", null, CancellationToken.None);
        return server;
    }

    [Theory]
    [InlineData("plan")]
    [InlineData("apply")]
    public async Task Creations_that_would_cross_the_accounts_group_quota_are_refused_before_the_first_write_and_the_rest_still_applies(string verb)
    {
        // 298 groups exist and the quota is IAM's default of 300: three more would cross it, so none is created.
        await using var server = await AccountWithGroupsAsync(298);
        Write("resources.yaml", Groups("readers", "writers", "auditors") + "---\n" + Users("alice"));
        var writesBefore = server.Statistics.WriteCalls;
        var createGroupsBefore = server.Statistics.CallsOf("CreateGroup");

        var (exitCode, output, error) = await CliRun.AgainstAsync(server, verb, folder, json: true);

        Assert.True(exitCode == FolderReport.InvalidInput, output + error);
        using var report = JsonDocument.Parse(output);
        var ready = JsonReportReady.Of(report);
        foreach (var refused in new[] { "readers", "writers", "auditors" })
        {
            Assert.Equal(ConditionReasons.LimitExceeded, ready(refused).Reason);
            Assert.Contains("the account holds 298 IAM groups of its quota of 300 (GetAccountSummary Groups/GroupsQuota) and this plan creates 3 "
                + "(IamGroup/team/auditors, IamGroup/team/readers, IamGroup/team/writers), 1 more than fit; none of them is created", ready(refused).Message);
        }
        Assert.Equal(verb == "apply" ? ConditionReasons.Reconciled : ConditionReasons.Creating, ready("alice").Reason);
        Assert.Equal(createGroupsBefore, server.Statistics.CallsOf("CreateGroup"));
        Assert.Equal(1, server.Statistics.CallsOf("GetAccountSummary"));
        Assert.Equal(verb == "apply" ? 1 : 0, server.Statistics.CallsOf("CreateUser"));
        if (verb == "plan") Assert.Equal(writesBefore, server.Statistics.WriteCalls);
    }

    [Fact]
    public async Task Creations_that_fit_the_accounts_quota_exactly_are_applied()
    {
        await using var server = await AccountWithGroupsAsync(298);
        Write("groups.yaml", Groups("readers", "writers"));

        var (exitCode, output, error) = await CliRun.AgainstAsync(server, "apply", folder);

        Assert.True(exitCode == FolderReport.Success, output + error);
        Assert.Equal(298 + 2, server.Statistics.CallsOf("CreateGroup"));
    }

    [Fact]
    public async Task Creations_within_IAMs_default_quotas_cost_no_read_of_the_accounts_quotas()
    {
        await using var server = await AccountWithGroupsAsync(3);
        Write("resources.yaml", Groups("readers", "writers") + "---\n" + Users("alice", "bob"));

        var (exitCode, output, error) = await CliRun.AgainstAsync(server, "apply", folder);

        Assert.True(exitCode == FolderReport.Success, output + error);
        Assert.Equal(0, server.Statistics.CallsOf("GetAccountSummary"));
    }
}
