using IamOperator.Iam;
using IamOperator.Policies;
using IamOperator.Reconciliation.Access;
using IamOperator.Reconciliation.Desired;
using IamOperator.Reconciliation.Planning;
using IamOperator.Resources;

namespace IamOperator.Reconciliation.Tests.Access;

public class AccessCheckJudgeTests
{
    private static readonly ResourceKey Key = new("IamUser", "team", "alice");

    private static DesiredAccessCheck Check(string action, AccessExpectation expect, string resource = "*", params DesiredAccessContextEntry[] context) =>
        new(0, action, resource, context, expect);

    private static ResolvedPolicies Policies(string statements, SourcedPolicy? boundary = null) =>
        new([new SourcedPolicy("inline policy p", PolicyDocument.Parse($$"""{"Version":"2012-10-17","Statement":[{{statements}}]}"""))], boundary, boundary is not null, []);

    [Fact]
    public void A_check_passes_when_the_decision_is_as_expected_and_names_the_deciding_statement()
    {
        var result = AccessCheckJudge.Locally(Key, IamEntityKind.User, "alice", Check("s3:GetObject", AccessExpectation.Allowed),
            Policies("""{"Sid":"Read","Effect":"Allow","Action":"s3:Get*","Resource":"*"}"""));

        Assert.Equal(AccessCheckStatus.Passed, result.Status);
        Assert.Equal("allowed", result.Decision);
        Assert.Equal(["inline policy p Statement[0] (Read)"], result.DecidedBy);
    }

    [Fact]
    public void Denied_is_met_by_an_explicit_and_by_an_implicit_deny_and_Allowed_is_not()
    {
        var policies = Policies("""{"Effect":"Allow","Action":"s3:*","Resource":"*"},{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"}""");

        Assert.Equal(AccessCheckStatus.Passed, AccessCheckJudge.Locally(Key, IamEntityKind.User, "alice", Check("s3:DeleteBucket", AccessExpectation.Denied), policies).Status);
        Assert.Equal(AccessCheckStatus.Passed, AccessCheckJudge.Locally(Key, IamEntityKind.User, "alice", Check("iam:CreateUser", AccessExpectation.Denied), policies).Status);
        var failed = AccessCheckJudge.Locally(Key, IamEntityKind.User, "alice", Check("s3:DeleteBucket", AccessExpectation.Allowed), policies);
        Assert.Equal(AccessCheckStatus.Failed, failed.Status);
        Assert.Equal("explicitDeny", failed.Decision);
    }

    [Fact]
    public void A_decision_that_depends_on_a_context_key_the_check_does_not_give_is_unverifiable_not_a_pass()
    {
        var policies = Policies("""{"Effect":"Allow","Action":"ec2:*","Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}}""");

        var missing = AccessCheckJudge.Locally(Key, IamEntityKind.User, "alice", Check("ec2:RunInstances", AccessExpectation.Denied), policies);
        var given = AccessCheckJudge.Locally(Key, IamEntityKind.User, "alice",
            Check("ec2:RunInstances", AccessExpectation.Allowed, "*", new DesiredAccessContextEntry("aws:RequestedRegion", SimulationContextKeyType.String, ["eu-west-1"])), policies);

        Assert.Equal(AccessCheckStatus.Unverifiable, missing.Status);
        Assert.Equal(["aws:RequestedRegion"], missing.MissingContextKeys);
        Assert.Equal(AccessCheckStatus.Passed, given.Status);
    }

    [Fact]
    public void A_users_checks_see_its_name_as_aws_username_as_the_simulator_takes_the_user_as_caller()
    {
        var policies = Policies("""{"Effect":"Allow","Action":"iam:ChangePassword","Resource":"arn:aws:iam::111122223333:user/${aws:username}"}""");
        var check = Check("iam:ChangePassword", AccessExpectation.Allowed, "arn:aws:iam::111122223333:user/alice");

        Assert.Equal(AccessCheckStatus.Passed, AccessCheckJudge.Locally(Key, IamEntityKind.User, "alice", check, policies).Status);
        Assert.Equal(AccessCheckStatus.Failed, AccessCheckJudge.Locally(Key, IamEntityKind.User, "bob", check, policies).Status);
    }

    [Fact]
    public void A_check_whose_policies_are_not_all_available_is_unverifiable_and_says_which()
    {
        var policies = Policies("""{"Effect":"Allow","Action":"*","Resource":"*"}""") with { Unavailable = ["group Ghosts (neither declared nor in the account)"] };

        var result = AccessCheckJudge.Locally(Key, IamEntityKind.User, "alice", Check("s3:GetObject", AccessExpectation.Allowed), policies);

        Assert.Equal(AccessCheckStatus.Unverifiable, result.Status);
        Assert.Contains("group Ghosts", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_simulators_missing_ownership_marker_key_is_not_a_missing_context_key()
    {
        var simulated = new PolicySimulationResult("iam:CreateUser", "*", SimulationDecision.ImplicitDeny, [], [GroupOwnershipMarker.ConditionKey], null, null);
        var other = simulated with { MissingContextValues = [GroupOwnershipMarker.ConditionKey, "aws:MultiFactorAuthPresent"] };

        Assert.Equal(AccessCheckStatus.Passed, AccessCheckJudge.Simulated(Key, "alice", Check("iam:CreateUser", AccessExpectation.Denied), simulated).Status);
        var unverifiable = AccessCheckJudge.Simulated(Key, "alice", Check("iam:CreateUser", AccessExpectation.Denied), other);
        Assert.Equal(AccessCheckStatus.Unverifiable, unverifiable.Status);
        Assert.Equal(["aws:MultiFactorAuthPresent"], unverifiable.MissingContextKeys);
    }
}
