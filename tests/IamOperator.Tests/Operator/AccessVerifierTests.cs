using System.Diagnostics.Metrics;
using IamOperator.Iam;
using IamOperator.Operator;
using IamOperator.Reconciliation;
using IamOperator.Reconciliation.Access;
using IamOperator.Reconciliation.Desired;
using IamOperator.Resources;
using IamOperator.Testing;

namespace IamOperator.Tests.Operator;

/// <summary>
/// How the operator turns IAM's simulator answers into the AccessVerified condition, how many calls a principal's
/// checks cost, and the access-check metric; over a scripted IAM so every answer is known.
/// </summary>
public sealed class AccessVerifierTests
{
    private const string Alice = "arn:aws:iam::123456789012:user/alice";

    private static readonly ResourceKey Key = new("IamUser", "team", "alice");

    private static SimulatedAccessCheck Judge(DesiredAccessCheck check, PolicySimulationResult simulation) =>
        SimulatedAccessCheck.Judge(Key, "alice", check, simulation);

    private static DesiredAccessCheck Check(int index, string action, string resource = "*", AccessExpectation expect = AccessExpectation.Allowed,
        params DesiredAccessContextEntry[] context) => new(index, action, resource, context, expect);

    private static PolicySimulationResult Result(string action, string resource, SimulationDecision decision, string[]? missing = null,
        SimulationMatchedStatement[]? statements = null, bool? allowedByBoundary = null) =>
        new(action, resource, decision, statements ?? [], missing ?? [], allowedByBoundary, null);

    private static (AccessVerifier Verifier, ScriptedSimulatorIam Iam) Scripted()
    {
        var (iam, script) = ScriptedSimulatorIam.Create();
        script.Answer = (a, r) => Result(a, r, SimulationDecision.Allowed);
        return (new AccessVerifier(iam), script);
    }

    [Fact]
    public async Task Checks_without_context_are_one_call_with_their_distinct_actions_and_resources()
    {
        var (verifier, iam) = Scripted();
        var checks = new[]
        {
            Check(0, "s3:GetObject", "arn:aws:s3:::a/1"), Check(1, "s3:PutObject", "arn:aws:s3:::a/1", AccessExpectation.Denied),
            Check(2, "s3:GetObject", "arn:aws:s3:::b/2"), Check(3, "ec2:RunInstances"),
        };
        iam.Answer = (a, r) => Result(a, r, a == "s3:PutObject" ? SimulationDecision.ImplicitDeny : SimulationDecision.Allowed);

        var verification = await verifier.VerifyAsync(Key, "alice", Alice, checks, default);

        var request = Assert.Single(iam.Requests);
        Assert.Equal(["s3:GetObject", "s3:PutObject", "ec2:RunInstances"], request.ActionNames);
        Assert.Equal(["arn:aws:s3:::a/1", "arn:aws:s3:::b/2", "*"], request.ResourceArns);
        Assert.All(verification.Verdicts, v => Assert.Equal(AccessCheckStatus.Passed, v.Result.Status));
        Assert.Equal([0, 1, 2, 3], verification.Verdicts.Select(v => v.Check.Index));
    }

    [Fact]
    public async Task Checks_with_different_contexts_are_one_call_per_context_because_a_call_carries_one_set_of_ContextEntries()
    {
        var (verifier, iam) = Scripted();
        var office = new DesiredAccessContextEntry("aws:SourceIp", SimulationContextKeyType.Ip, ["203.0.113.7"]);
        var home = new DesiredAccessContextEntry("aws:SourceIp", SimulationContextKeyType.Ip, ["198.51.100.2"]);

        await verifier.VerifyAsync(Key, "alice", Alice, [Check(0, "s3:GetObject", context: office), Check(1, "s3:ListBucket", context: office), Check(2, "s3:GetObject", context: home)], default);

        Assert.Equal(2, iam.Requests.Count);
        Assert.Equal(["s3:GetObject", "s3:ListBucket"], iam.Requests[0].ActionNames);
        Assert.Equal(["203.0.113.7"], Assert.Single(iam.Requests[0].ContextEntries!).Values);
        Assert.Equal(["198.51.100.2"], Assert.Single(iam.Requests[1].ContextEntries!).Values);
    }

    [Fact]
    public async Task A_cross_product_beyond_a_thousand_results_is_asked_one_resource_at_a_time()
    {
        var (verifier, iam) = Scripted();
        // 40 actions × 30 resources would be 1200 results for 40 checks: asked per resource instead.
        var checks = Enumerable.Range(0, 40).Select(i => Check(i, $"s3:Action{i}", $"arn:aws:s3:::bucket/{i % 30}")).ToList();

        var verification = await verifier.VerifyAsync(Key, "alice", Alice, checks, default);

        Assert.Equal(30, iam.Requests.Count);
        Assert.All(iam.Requests, r => Assert.Single(r.ResourceArns!));
        Assert.Equal(40, verification.Count(AccessCheckStatus.Passed));
    }

    [Fact]
    public void A_failing_check_names_the_statement_that_decided_it_and_failed_checks_come_before_unverifiable_ones()
    {
        var statement = new SimulationMatchedStatement("AmazonS3FullAccess", "aws-managed", new SimulationPosition(4, 9), new SimulationPosition(9, 6));
        var verification = new AccessVerification(
        [
            Judge(Check(0, "s3:GetObject", "arn:aws:s3:::a/1"), Result("s3:GetObject", "arn:aws:s3:::a/1", SimulationDecision.Allowed, missing: ["aws:SourceIp"])),
            Judge(Check(1, "s3:DeleteObject", "arn:aws:s3:::a/1", AccessExpectation.Denied),
                Result("s3:DeleteObject", "arn:aws:s3:::a/1", SimulationDecision.Allowed, statements: [statement])),
            Judge(Check(2, "iam:CreateUser"), Result("iam:CreateUser", "*", SimulationDecision.ImplicitDeny, allowedByBoundary: false)),
            Judge(Check(3, "s3:ListAllMyBuckets"), Result("s3:ListAllMyBuckets", "*", SimulationDecision.Allowed)),
        ]);

        var condition = verification.ToCondition();

        Assert.Equal((ConditionTypes.AccessVerified, "False", AccessVerifiedReasons.AccessCheckFailed), (condition.Type, condition.Status, condition.Reason));
        Assert.Equal(
            "2 of 4 access checks failed, 1 unverifiable: "
            + "spec.accessChecks[1] s3:DeleteObject on arn:aws:s3:::a/1 (expect Denied): allowed by AmazonS3FullAccess (aws-managed) statement at line 4, column 9; "
            + "spec.accessChecks[2] iam:CreateUser on * (expect Allowed): implicitly denied: the permissions boundary does not allow it; "
            + "spec.accessChecks[0] s3:GetObject on arn:aws:s3:::a/1 (expect Allowed): depends on context keys the check does not give: aws:SourceIp",
            condition.Message);
    }

    [Fact]
    public void An_allowed_decision_with_missing_context_values_is_unverifiable_never_passed()
    {
        var verdict = Judge(Check(0, "s3:GetObject"), Result("s3:GetObject", "*", SimulationDecision.Allowed, missing: ["aws:SourceIp"]));

        Assert.Equal(AccessCheckStatus.Unverifiable, verdict.Result.Status);
        Assert.Equal(AccessVerifiedReasons.AccessCheckUnverifiable, new AccessVerification([verdict]).ToCondition().Reason);
    }

    [Fact]
    public void The_key_of_the_operators_group_ownership_marker_is_not_an_unknown_because_no_request_carries_it()
    {
        // The marker denies iam:* only when iamoperator:owner is in the request, which no AWS request is; IAM's simulator
        // still lists the key as missing for every IAM action judged for a group the operator owns, or for its members.
        var verdict = Judge(Check(0, "iam:CreateUser", expect: AccessExpectation.Denied),
            Result("iam:CreateUser", "*", SimulationDecision.ImplicitDeny, missing: ["iamoperator:owner"]));

        Assert.Equal(AccessCheckStatus.Passed, verdict.Result.Status);
    }

    [Fact]
    public void The_condition_names_at_most_ten_checks_and_counts_the_rest()
    {
        var verdicts = Enumerable.Range(0, 13).Select(i => Judge(Check(i, "s3:GetObject"), Result("s3:GetObject", "*", SimulationDecision.ExplicitDeny))).ToList();

        var message = new AccessVerification(verdicts).ToCondition().Message;

        Assert.Contains("spec.accessChecks[9]", message, StringComparison.Ordinal);
        Assert.DoesNotContain("spec.accessChecks[10]", message, StringComparison.Ordinal);
        Assert.EndsWith("; and 3 more", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_simulator_IAM_refuses_leaves_the_checks_unverifiable_with_IAMs_error()
    {
        var (verifier, iam) = Scripted();
        iam.Failure = new IamApiException(IamErrorCode.AccessDenied, "AccessDenied",
            "User: arn:aws:sts::123456789012:assumed-role/iam-operator/x is not authorized to perform: iam:SimulatePrincipalPolicy", null, 403, "SimulatePrincipalPolicy");

        var condition = (await verifier.VerifyAsync(Key, "alice", Alice, [Check(0, "s3:GetObject")], default)).ToCondition();

        Assert.Equal(("False", AccessVerifiedReasons.AccessCheckUnverifiable), (condition.Status, condition.Reason));
        Assert.StartsWith("IAM's policy simulator could not be asked: AccessDenied: User: ", condition.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_metric_counts_each_judged_check_by_kind_and_result_and_publishes_zeros_at_registration()
    {
        using var factory = new OwnMeterFactory();
        using var metrics = new AccessCheckMetrics(factory);
        var measured = new List<(string Kind, string Result, long Value)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (factory.Created.Contains(instrument.Meter) && instrument.Name == "iamoperator.access_checks") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var all = tags.ToArray();
            measured.Add(((string)all.First(t => t.Key == "kind").Value!, (string)all.First(t => t.Key == "result").Value!, value));
        });
        listener.Start();

        metrics.Register("IamUser");
        metrics.Judged("IamUser", new AccessVerification(
        [
            Judge(Check(0, "s3:GetObject"), Result("s3:GetObject", "*", SimulationDecision.Allowed)),
            Judge(Check(1, "s3:PutObject"), Result("s3:PutObject", "*", SimulationDecision.Allowed)),
            Judge(Check(2, "s3:DeleteObject"), Result("s3:DeleteObject", "*", SimulationDecision.ImplicitDeny)),
        ]));
        metrics.Judged("IamUser", new AccessVerification([], "AccessDenied: no"));

        Assert.Equal([("IamUser", "passed", 0L), ("IamUser", "failed", 0L), ("IamUser", "unverifiable", 0L), ("IamUser", "passed", 2L), ("IamUser", "failed", 1L)], measured);
    }

    [Fact]
    public void The_gauge_counts_resources_by_what_their_AccessVerified_condition_says_and_forgets_those_without_one()
    {
        using var factory = new OwnMeterFactory();
        using var metrics = new AccessCheckMetrics(factory);
        var measured = new List<(string Kind, string Result, int Value)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (factory.Created.Contains(instrument.Meter) && instrument.Name == "iamoperator.access_verified") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<int>((_, value, tags, _) =>
        {
            var all = tags.ToArray();
            measured.Add(((string)all.First(t => t.Key == "kind").Value!, (string)all.First(t => t.Key == "result").Value!, value));
        });
        listener.Start();
        metrics.Register("IamGroup");
        static Reconciliation.ConditionState Said(string reason) => new(ConditionTypes.AccessVerified, "False", reason, "m");

        metrics.Showing("IamGroup", "IamGroup/a/one", Said(AccessVerifiedReasons.AccessCheckFailed));
        metrics.Showing("IamGroup", "IamGroup/a/two", Said(AccessVerifiedReasons.AccessCheckFailed));
        metrics.Showing("IamGroup", "IamGroup/a/three", Said(AccessVerifiedReasons.AccessChecksPassed));
        metrics.Showing("IamGroup", "IamGroup/a/two", null);
        listener.RecordObservableInstruments();

        Assert.Equal([("IamGroup", "passed", 1), ("IamGroup", "failed", 1), ("IamGroup", "unverifiable", 0)], measured);
    }

    private sealed class OwnMeterFactory : IMeterFactory
    {
        public List<Meter> Created { get; } = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options);
            Created.Add(meter);
            return meter;
        }

        public void Dispose()
        {
            foreach (var meter in Created) meter.Dispose();
        }
    }
}
