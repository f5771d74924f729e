using System.Text.Json;
using IamOperator.Cli;
using IamOperator.Iam.Emulator;
using IamOperator.Reconciliation;
using IamOperator.Reconciliation.Access;
using IamOperator.Resources;
using IamOperator.Resources.Manifests;

namespace IamOperator.Tests;

/// <summary>
/// spec.accessChecks end to end: plan judges them against the planned policies with the local engine, apply verifies
/// them with the emulator's policy simulator; a failed or undecided check exits 8 and says which and why.
/// </summary>
public sealed class AccessCheckTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("iamoperator-access-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private void Write(string yaml) => File.WriteAllText(Path.Combine(folder, "team.yaml"), yaml);

    private static string Group(string name, string iamName, string policyArn, string checks = "") => $"""
        apiVersion: iamoperator.dev/v1alpha1
        kind: IamGroup
        metadata:
          name: {name}
          namespace: team
        spec:
          iamName: {iamName}
          permissions:
            managedPolicyArns:
              - {policyArn}
        {checks}
        ---

        """;

    private static string User(string name, string group, string checks = "") => $"""
        apiVersion: iamoperator.dev/v1alpha1
        kind: IamUser
        metadata:
          name: {name}
          namespace: team
        spec:
          requireMfa: false
          groupRefs:
            - name: {group}
        {checks}
        ---

        """;

    private const string ReadOnlyWithAWrongCheck = """
          accessChecks:
            - action: s3:GetObject
              resource: arn:aws:s3:::reports/q1.csv
              expect: Allowed
            - action: s3:PutObject
              resource: arn:aws:s3:::reports/q1.csv
              expect: Allowed
        """;

    [Fact]
    public async Task Plan_reports_a_check_the_planned_policies_decide_against_its_expectation_and_exits_8()
    {
        Write(Group("readonly", "ReadOnly", "arn:aws:iam::aws:policy/ReadOnlyAccess", ReadOnlyWithAWrongCheck));
        await using var server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions(), 0);

        var (exitCode, output, _) = await CliRun.AgainstAsync(server, "plan", folder);

        Assert.True(exitCode == ExitCodes.AccessCheckFailed, output);
        Assert.Contains("Access checks (judged against the planned policies): 1 passed, 1 failed, 0 unverifiable", output);
        Assert.Contains("PASS [0] s3:GetObject on arn:aws:s3:::reports/q1.csv: expected Allowed, allowed by ReadOnlyAccess Statement[0]", output);
        Assert.Contains("FAIL [1] s3:PutObject on arn:aws:s3:::reports/q1.csv: expected Allowed, got implicitDeny", output);
        Assert.Equal(0, server.Statistics.WriteCalls);
    }

    [Fact]
    public async Task Plan_json_gives_each_check_with_its_resource_action_arn_expectation_decision_and_deciding_statement()
    {
        Write(Group("readonly", "ReadOnly", "arn:aws:iam::aws:policy/ReadOnlyAccess", ReadOnlyWithAWrongCheck));
        await using var server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions(), 0);

        var (exitCode, output, _) = await CliRun.AgainstAsync(server, "plan", folder, json: true);

        Assert.Equal(ExitCodes.AccessCheckFailed, exitCode);
        var report = JsonDocument.Parse(output).RootElement;
        Assert.Equal(ExitCodes.AccessCheckFailed, report.GetProperty("exitCode").GetInt32());
        var checks = report.GetProperty("accessChecks").EnumerateArray().ToList();
        Assert.Equal(2, checks.Count);
        var failed = checks[1];
        Assert.Equal("IamGroup", failed.GetProperty("resource").GetProperty("kind").GetString());
        Assert.Equal("readonly", failed.GetProperty("resource").GetProperty("name").GetString());
        Assert.Equal("ReadOnly", failed.GetProperty("principal").GetString());
        Assert.Equal("s3:PutObject", failed.GetProperty("action").GetString());
        Assert.Equal("arn:aws:s3:::reports/q1.csv", failed.GetProperty("resourceArn").GetString());
        Assert.Equal("Allowed", failed.GetProperty("expected").GetString());
        Assert.Equal("implicitDeny", failed.GetProperty("decision").GetString());
        Assert.Equal("Failed", failed.GetProperty("status").GetString());
        Assert.Equal(["ReadOnlyAccess Statement[0]"], checks[0].GetProperty("decidedBy").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("Passed", checks[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_check_that_depends_on_a_context_key_it_does_not_give_is_unverifiable_in_plan_and_apply()
    {
        Write($$"""
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamServiceRole
            metadata:
              name: regional
              namespace: team
            spec:
              trust:
                services: [lambda.amazonaws.com]
              permissions:
                inlinePolicies:
                  - name: eu-only
                    document:
                      Version: "2012-10-17"
                      Statement:
                        - Effect: Allow
                          Action: ec2:DescribeInstances
                          Resource: "*"
                          Condition:
                            StringEquals:
                              aws:RequestedRegion: eu-west-1
              accessChecks:
                - action: ec2:DescribeInstances
                  expect: Allowed
                - action: ec2:DescribeInstances
                  expect: Allowed
                  context:
                    - key: aws:RequestedRegion
                      values: [eu-west-1]
            """);
        await using var server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions(), 0);

        var plan = await CliRun.AgainstAsync(server, "plan", folder);
        var apply = await CliRun.AgainstAsync(server, "apply", folder);

        foreach (var (exitCode, output, _) in new[] { plan, apply })
        {
            Assert.True(exitCode == ExitCodes.AccessCheckFailed, output);
            Assert.Contains("1 passed, 0 failed, 1 unverifiable", output);
            Assert.Contains("UNVERIFIABLE [0] ec2:DescribeInstances on *: expected Allowed, not verified: the decision depends on context keys the check does not give", output);
            Assert.Contains("depends on context keys not given: aws:RequestedRegion", output);
            Assert.Contains("PASS [1] ec2:DescribeInstances on *", output);
        }
        Assert.Contains("verified with IAM's policy simulator", apply.Output);
    }

    [Fact]
    public async Task Apply_verifies_the_checks_with_IAMs_simulator_after_applying_and_a_wrong_one_exits_8()
    {
        Write(Group("readonly", "ReadOnly", "arn:aws:iam::aws:policy/ReadOnlyAccess", ReadOnlyWithAWrongCheck));
        await using var server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions(), 0);

        var (exitCode, output, _) = await CliRun.AgainstAsync(server, "apply", folder);

        Assert.True(exitCode == ExitCodes.AccessCheckFailed, output);
        Assert.Contains("Ready=True", output);
        Assert.Contains("Access checks (verified with IAM's policy simulator): 1 passed, 1 failed, 0 unverifiable", output);
        Assert.Contains("FAIL [1] s3:PutObject on arn:aws:s3:::reports/q1.csv: expected Allowed, got implicitDeny", output);
        // Both checks share one context, so one simulation answers them.
        Assert.Equal(1, server.Statistics.CallsOf("SimulatePrincipalPolicy"));
    }

    [Fact]
    public async Task Applying_the_team_sample_passes_the_articles_step_5_checks_against_the_emulator()
    {
        await using var server = await SampleAccount.StartAsync();

        var (exitCode, output, _) = await CliRun.AgainstAsync(server, "apply", CliRun.SamplesFolder);

        Assert.True(exitCode == ExitCodes.Success, output);
        Assert.Contains("Access checks (verified with IAM's policy simulator): 14 passed, 0 failed, 0 unverifiable", output);
        Assert.Contains("PASS [3] iam:CreateUser on *: expected Denied, implicitDeny", output);
        // The article's "MFA everywhere": without an MFA sign-in, the group's guard denies what PowerUserAccess allows.
        Assert.Contains("PASS [4] s3:ListAllMyBuckets on *: expected Denied, explicitDeny by iamoperator.dev-require-mfa (group)", output);
    }

    [Fact]
    public async Task A_failed_check_is_an_error_for_detailed_exitcode_and_invalid_input_outranks_it()
    {
        Write(Group("readonly", "ReadOnly", "arn:aws:iam::aws:policy/ReadOnlyAccess", ReadOnlyWithAWrongCheck));
        await using var server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions(), 0);

        var detailed = await CliRun.InvokeAsync(["plan", "-f", folder, "--iam-endpoint", server.Endpoint.ToString(), "--owner-id", "ci-test", "--detailed-exitcode"]);
        Assert.True(detailed.ExitCode == 1, detailed.Output);

        File.WriteAllText(Path.Combine(folder, "broken.yaml"), "apiVersion: iamoperator.dev/v1alpha1\nkind: IamGroup\nmetadata:\n  name: Bad_Name\n");
        var invalid = await CliRun.AgainstAsync(server, "plan", folder);
        Assert.True(invalid.ExitCode == ExitCodes.InvalidInput, invalid.Output);
        Assert.Contains("FAIL [1] s3:PutObject", invalid.Output);
    }

    [Fact]
    public void The_worse_exit_code_wins_IAM_failures_then_invalid_input_then_access_checks()
    {
        var key = new ResourceKey(IamGroup.KindName, "team", "g");
        AccessCheckResult Check(AccessCheckStatus status) => new(key, "G", 0, "s3:GetObject", "*", AccessExpectation.Allowed, "allowed", status, [], [], null);
        var ready = new ReconcileOutcome { Resource = key, Conditions = ConditionState.Ready("ok") };
        var denied = new ReconcileOutcome { Resource = key, Conditions = ConditionState.Stalled(ConditionReasons.AccessDenied, "denied") };
        var problem = new ManifestProblem("a.yaml", 0, 1, "IamGroup", "team", "x", "metadata.name", "bad");
        FolderReport Report(IReadOnlyList<ManifestProblem> problems, ReconcileOutcome outcome, AccessCheckStatus status) =>
            new("plan", "/f", "o", "iam", problems, [], [outcome]) { AccessChecks = [Check(AccessCheckStatus.Passed), Check(status)] };

        Assert.Equal(ExitCodes.Success, Report([], ready, AccessCheckStatus.Passed).ExitCode);
        Assert.Equal(ExitCodes.AccessCheckFailed, Report([], ready, AccessCheckStatus.Failed).ExitCode);
        Assert.Equal(ExitCodes.AccessCheckFailed, Report([], ready, AccessCheckStatus.Unverifiable).ExitCode);
        Assert.Equal(ExitCodes.InvalidInput, Report([problem], ready, AccessCheckStatus.Failed).ExitCode);
        Assert.Equal(ExitCodes.IamFailure, Report([problem], denied, AccessCheckStatus.Failed).ExitCode);
    }
}
