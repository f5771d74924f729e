using IamOperator.Iam;
using IamOperator.Reconciliation.Access;
using IamOperator.Reconciliation.Desired;
using IamOperator.Resources;
using IamOperator.Testing;

namespace IamOperator.Reconciliation.Tests.Access;

public class AccessCheckSimulationTests
{
    private static DesiredAccessCheck Check(int index, string action, string resource = "*", params DesiredAccessContextEntry[] context) =>
        new(index, action, resource, context, AccessExpectation.Allowed);

    [Fact]
    public void Checks_under_the_same_context_share_one_simulator_call_with_all_their_actions_and_resources()
    {
        var region = new DesiredAccessContextEntry("aws:RequestedRegion", SimulationContextKeyType.String, ["eu-west-1"]);
        var sameRegion = region with { Key = "AWS:requestedregion" };
        var requests = AccessCheckSimulation.Requests([
            Check(0, "s3:GetObject", "arn:aws:s3:::reports/a"), Check(1, "s3:PutObject", "arn:aws:s3:::reports/a"), Check(2, "s3:ListAllMyBuckets"),
            Check(3, "ec2:RunInstances", "*", region), Check(4, "ec2:StartInstances", "*", sameRegion),
            Check(5, "ec2:RunInstances", "*", region with { Values = ["us-east-1"] }),
        ]);

        Assert.Equal(3, requests.Count);
        Assert.Equal(["s3:GetObject", "s3:PutObject", "s3:ListAllMyBuckets"], requests[0].Request.ActionNames);
        Assert.Equal(["arn:aws:s3:::reports/a", "*"], requests[0].Request.ResourceArns!);
        Assert.Empty(requests[0].Request.ContextEntries!);
        Assert.Equal([3, 4], requests[1].Checks.Select(c => c.Index));
        Assert.Equal([5], requests[2].Checks.Select(c => c.Index));
    }

    [Fact]
    public void A_cross_product_beyond_a_thousand_results_is_asked_one_resource_at_a_time_and_a_smaller_one_in_one_call()
    {
        // 40 actions × 30 resources would be 1200 results for 40 checks; 40 × 25 is exactly the limit.
        var beyond = AccessCheckSimulation.Requests([.. Enumerable.Range(0, 40).Select(i => Check(i, $"s3:Action{i}", $"arn:aws:s3:::bucket/{i % 30}"))]);
        var within = AccessCheckSimulation.Requests([.. Enumerable.Range(0, 40).Select(i => Check(i, $"s3:Action{i}", $"arn:aws:s3:::bucket/{i % 25}"))]);

        Assert.Equal(30, beyond.Count);
        Assert.All(beyond, r => Assert.Single(r.Request.ResourceArns!));
        Assert.All(beyond, r => Assert.Equal(r.Checks.Select(c => c.Action), r.Request.ActionNames));
        Assert.Equal(Enumerable.Range(0, 40), beyond.SelectMany(r => r.Checks).Select(c => c.Index).Order());
        Assert.Equal(AccessCheckSimulation.MaxResultsPerCall, Assert.Single(within).Request.ActionNames.Count * within[0].Request.ResourceArns!.Count);
    }

    [Fact]
    public async Task Each_check_is_judged_from_IAMs_answer_for_its_action_and_resource_in_the_checks_order()
    {
        var iam = Scripted();
        // IAM names the action as the request spelled it: the distinct actions keep the first check's spelling (S3:GETOBJECT).
        iam.Answer = (a, r) => new(a, r, a == "s3:PutObject" ? SimulationDecision.ImplicitDeny : SimulationDecision.Allowed, [], string.Equals(a, "s3:GetObject", StringComparison.OrdinalIgnoreCase) && r == "*" ? ["aws:SourceIp"] : [], null, null);
        var region = new DesiredAccessContextEntry("aws:RequestedRegion", SimulationContextKeyType.String, ["eu-west-1"]);

        var simulated = await AccessCheckSimulation.SimulateAsync((IIamApi)(object)iam, Key, "alice", Alice,
            [Check(0, "ec2:RunInstances", "*", region), Check(1, "S3:GETOBJECT", "arn:aws:s3:::a/1"), Check(2, "s3:PutObject", "arn:aws:s3:::a/1"), Check(3, "s3:GetObject")], default);

        Assert.Null(simulated.Problem);
        Assert.Equal(2, iam.Requests.Count);
        Assert.Equal([0, 1, 2, 3], simulated.Checks.Select(c => c.Check.Index));
        Assert.Equal([AccessCheckStatus.Passed, AccessCheckStatus.Passed, AccessCheckStatus.Failed, AccessCheckStatus.Unverifiable], simulated.Results.Select(r => r.Status));
        Assert.Equal(["aws:SourceIp"], simulated.Results[3].MissingContextKeys);
        Assert.All(simulated.Checks, c => Assert.NotNull(c.Simulation));
    }

    [Fact]
    public async Task An_IAM_error_stops_asking_and_every_check_not_answered_is_unverifiable_naming_the_error()
    {
        var iam = Scripted();
        iam.Failure = new IamApiException(IamErrorCode.AccessDenied, "AccessDenied", "not authorized to perform: iam:SimulatePrincipalPolicy", null, 403, "SimulatePrincipalPolicy");
        var office = new DesiredAccessContextEntry("aws:SourceIp", SimulationContextKeyType.Ip, ["203.0.113.7"]);

        var simulated = await AccessCheckSimulation.SimulateAsync((IIamApi)(object)iam, Key, "alice", Alice, [Check(0, "s3:GetObject"), Check(1, "s3:GetObject", "*", office)], default);

        Assert.Single(iam.Requests);
        Assert.Equal("AccessDenied: not authorized to perform: iam:SimulatePrincipalPolicy", simulated.Problem);
        Assert.All(simulated.Results, r => Assert.Equal(AccessCheckStatus.Unverifiable, r.Status));
        Assert.All(simulated.Results, r => Assert.Equal("IAM's simulator could not be asked (AccessDenied: not authorized to perform: iam:SimulatePrincipalPolicy)", r.Reason));
    }

    [Fact]
    public void The_deciding_statement_is_named_by_policy_type_and_where_it_starts_never_by_its_document()
    {
        var statement = new SimulationMatchedStatement("AmazonS3FullAccess", "aws-managed", new SimulationPosition(4, 9), new SimulationPosition(9, 6));
        var check = new DesiredAccessCheck(0, "s3:DeleteObject", "*", [], AccessExpectation.Denied);

        var judged = SimulatedAccessCheck.Judge(Key, "alice", check, new("s3:DeleteObject", "*", SimulationDecision.Allowed, [statement, statement with { SourcePolicyId = null, SourcePolicyType = null, Start = null }], [], null, null));

        Assert.Equal(AccessCheckStatus.Failed, judged.Result.Status);
        Assert.Equal(["AmazonS3FullAccess (aws-managed) statement at line 4, column 9", "an unnamed policy"], judged.Result.DecidedBy);
    }

    private const string Alice = "arn:aws:iam::123456789012:user/alice";
    private static readonly ResourceKey Key = new("IamUser", "team", "alice");

    private static ScriptedSimulatorIam Scripted() => ScriptedSimulatorIam.Create().Script;
}
