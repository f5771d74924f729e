using System.Text.Json;
using IamOperator.Cli;
using IamOperator.Iam.Emulator;
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

    [Theory]
    [InlineData("plan")]
    [InlineData("apply")]
    public async Task Creations_that_would_cross_the_accounts_user_quota_are_refused_before_the_first_write_and_the_rest_still_applies(string verb)
    {
        await using var server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions { Quotas = new IamQuotas { Users = 3 } }, 0);
        Write("users.yaml", Users("alice", "bob"));
        var (first, firstOutput, firstError) = await CliRun.AgainstAsync(server, "apply", folder);
        Assert.True(first == FolderReport.Success, firstOutput + firstError);

        // Two users exist and the quota is three: two more would cross it, so neither is created.
        Write("users.yaml", Users("alice", "bob", "carol", "dave") + """
            ---
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamGroup
            metadata: { name: readers, namespace: team }
            spec: {}
            """);
        var writesBefore = server.Statistics.WriteCalls;
        var (exitCode, output, error) = await CliRun.AgainstAsync(server, verb, folder, json: true);

        Assert.True(exitCode == FolderReport.InvalidInput, output + error);
        using var report = JsonDocument.Parse(output);
        var outcomes = report.RootElement.GetProperty("resources").EnumerateArray()
            .ToDictionary(r => r.GetProperty("resource").GetProperty("name").GetString()!, r => r);
        (string Reason, string Message) Ready(string name) => outcomes[name].GetProperty("conditions").EnumerateArray()
            .Where(c => c.GetProperty("type").GetString() == "Ready")
            .Select(c => (c.GetProperty("reason").GetString()!, c.GetProperty("message").GetString()!)).Single();
        foreach (var refused in new[] { "carol", "dave" })
        {
            Assert.Equal(ConditionReasons.LimitExceeded, Ready(refused).Reason);
            Assert.Contains("the account holds 2 IAM users of its quota of 3 (GetAccountSummary Users/UsersQuota) and this plan creates 2 "
                + "(IamUser/team/carol, IamUser/team/dave), 1 more than fit; none of them is created", Ready(refused).Message);
        }
        Assert.Equal(verb == "apply" ? ConditionReasons.Reconciled : ConditionReasons.Creating, Ready("readers").Reason);
        Assert.Equal(ConditionReasons.Reconciled, Ready("alice").Reason);
        Assert.Equal(2, server.Statistics.CallsOf("CreateUser"));
        Assert.Equal(verb == "apply" ? 1 : 0, server.Statistics.CallsOf("CreateGroup"));
        if (verb == "plan") Assert.Equal(writesBefore, server.Statistics.WriteCalls);
    }

    [Fact]
    public async Task Creations_that_fit_the_accounts_quota_exactly_are_applied()
    {
        await using var server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions { Quotas = new IamQuotas { Users = 2 } }, 0);
        Write("users.yaml", Users("alice", "bob"));

        var (exitCode, output, error) = await CliRun.AgainstAsync(server, "apply", folder);

        Assert.True(exitCode == FolderReport.Success, output + error);
        Assert.Equal(2, server.Statistics.CallsOf("CreateUser"));
    }
}
