using CsCheck;
using IamOperator.Cli;
using IamOperator.Iam.Emulator;
using IamOperator.Policies;
using IamOperator.Reconciliation;
using IamOperator.Reconciliation.Planning;
using IamOperator.Resources;

namespace IamOperator.Tests;

/// <summary>The plan summary counts every resource once; --detailed-exitcode answers as terraform plan does.</summary>
public sealed class PlanSummaryTests
{
    private static readonly string[] Reasons =
    [
        ConditionReasons.Reconciled, ConditionReasons.WaitingForDependency, ConditionReasons.RetryingAfterError, ConditionReasons.IamRejected,
        ConditionReasons.AccessDenied, ConditionReasons.LimitExceeded, ConditionReasons.InvalidSpec, ConditionReasons.GuardrailViolation,
    ];

    /// <summary>Any outcome a reconcile can report: ready, in progress or stalled, with or without a plan of any kind.</summary>
    private static readonly Gen<ReconcileOutcome> Outcome =
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, Reasons.Length - 1], Gen.Int[-1, Enum.GetValues<PlanChange>().Length - 1], Gen.Int[0, 999])
            .Select((state, reason, change, id) =>
            {
                var key = new ResourceKey(IamGroup.KindName, "team", $"g{id}");
                return new ReconcileOutcome
                {
                    Resource = key,
                    Conditions = state switch
                    {
                        0 => ConditionState.Ready("ok"),
                        1 => ConditionState.Reconciling(Reasons[reason], "working"),
                        _ => ConditionState.Stalled(Reasons[reason], "stuck"),
                    },
                    Plan = change < 0 ? null : new Plan(key, IamEntityKind.Group, $"G{id}", (PlanChange)change, []),
                };
            });

    [Fact]
    public void Every_resource_is_counted_in_exactly_one_category_of_the_plan_summary() =>
        Outcome.List[0, 40].Sample(outcomes =>
        {
            var report = new FolderReport("plan", "/folder", "owner", "iam", [], [], outcomes);
            var counts = report.CountPlan();
            return counts.Total == outcomes.Count && report.Summary().StartsWith($"Plan: {outcomes.Count} resource(s): ", StringComparison.Ordinal);
        });

    [Fact]
    public void IAM_failures_are_counted_as_failed_and_not_also_as_blocked()
    {
        var key = new ResourceKey(IamGroup.KindName, "team", "g");
        var refused = new ReconcileOutcome { Resource = key, Conditions = ConditionState.Stalled(ConditionReasons.AccessDenied, "denied") };
        var retrying = new ReconcileOutcome { Resource = key, Conditions = ConditionState.Reconciling(ConditionReasons.RetryingAfterError, "later") };
        var waiting = new ReconcileOutcome { Resource = key, Conditions = ConditionState.Reconciling(ConditionReasons.WaitingForDependency, "policy first") };

        var counts = new FolderReport("plan", "/folder", "owner", "iam", [], [], [refused, retrying, waiting]).CountPlan();

        Assert.Equal(new PlanCounts(0, 0, 0, 1, 2), counts);
    }

    [Theory]
    [InlineData(ExitCodes.Success, false, 0)]
    [InlineData(ExitCodes.Success, true, 2)]
    [InlineData(ExitCodes.InvalidInput, true, 1)]
    [InlineData(ExitCodes.IamFailure, false, 1)]
    [InlineData(ExitCodes.AwsCredentials, false, 1)]
    [InlineData(ExitCodes.IamUnreachable, false, 1)]
    public void Detailed_exit_codes_are_terraforms_0_no_changes_2_changes_1_any_error(int exitCode, bool changesPending, int expected) =>
        Assert.Equal(expected, ExitCodes.PlanDetailed(exitCode, changesPending));

    [Fact]
    public async Task Plan_with_detailed_exitcode_returns_2_while_changes_are_pending_and_0_once_applied()
    {
        await using var server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions { AccountId = FolderIamConnection.EmbeddedAccountId }, 0);
        string[] Args(string verb, params string[] more) =>
            [verb, "-f", CliRun.SamplesFolder, "--iam-endpoint", server.Endpoint.ToString(), "--owner-id", "ci-test", "--iam-requests-per-second", "10000", .. more];

        var credential = EmulatorCredential.DocumentationExample;
        var iam = Iam.IamClientFactory.Create(new Iam.IamClientOptions
        {
            Endpoint = server.Endpoint, Credentials = new Iam.StaticIamCredentials(credential.AccessKeyId, credential.SecretAccessKey),
        });
        await iam.CreateGroupAsync("Auditors", null, default);
        await iam.CreateUserAsync(new Iam.CreateUserRequest("erin.legacy"), default);
        var pending = await CliRun.InvokeAsync(Args("plan", "--detailed-exitcode"));
        Assert.True(pending.ExitCode == 2, pending.Output + pending.Error);
        Assert.Equal(ExitCodes.Success, (await CliRun.InvokeAsync(Args("plan"))).ExitCode);

        Assert.Equal(ExitCodes.Success, (await CliRun.InvokeAsync(Args("apply"))).ExitCode);
        var converged = await CliRun.InvokeAsync(Args("plan", "--detailed-exitcode"));
        Assert.True(converged.ExitCode == 0, converged.Output + converged.Error);
        Assert.Contains("20 unchanged", converged.Output);
    }

    [Fact]
    public async Task Plan_with_detailed_exitcode_returns_1_for_any_error()
    {
        var unreachable = await CliRun.InvokeAsync(["plan", "-f", CliRun.SamplesFolder, "--iam-endpoint", "http://127.0.0.1:1/", "--detailed-exitcode"]);
        Assert.Equal(1, unreachable.ExitCode);
        Assert.StartsWith("plan: cannot reach IAM", unreachable.Error);
    }

    [Fact]
    public async Task Apply_has_no_detailed_exitcode_flag()
    {
        var (exitCode, _, error) = await CliRun.InvokeAsync(["apply", "-f", CliRun.SamplesFolder, "--embedded", "--detailed-exitcode"]);
        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Contains("--detailed-exitcode", error);
    }
}
