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
}
