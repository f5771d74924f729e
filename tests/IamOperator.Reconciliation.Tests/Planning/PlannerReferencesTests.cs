using IamOperator.Reconciliation.Desired;
using IamOperator.Reconciliation.Observed;
using IamOperator.Reconciliation.Planning;
using IamOperator.Resources;
using static IamOperator.Reconciliation.Tests.Planning.Entities;

namespace IamOperator.Reconciliation.Tests.Planning;

/// <summary>What IAM would refuse midway is refused by the plan, before its first write.</summary>
public class PlannerReferencesTests
{
    private const string Missing = "arn:aws:iam::aws:policy/NoSuchPolicy";

    private static readonly string[] Eleven = [.. Enumerable.Range(0, 11).Select(i => $"arn:aws:iam::aws:policy/P{i}")];

    public static TheoryData<string> Kinds => ["group", "user", "role"];

    private static DesiredEntity WithManaged(string kind, IReadOnlyList<string> arns) => kind switch
    {
        "group" => Group() with { ManagedPolicyArns = arns },
        "user" => User() with { ManagedPolicyArns = arns },
        _ => Role() with { ManagedPolicyArns = arns },
    };

    [Theory, MemberData(nameof(Kinds))]
    public void A_missing_AWS_managed_policy_is_invalid_input_and_nothing_is_written(string kind)
    {
        var plan = Planner.Diff(WithManaged(kind, [ReadOnly, Missing]), null, new ObservedReferences(new HashSet<string> { Missing }, null));

        Assert.Equal(ConditionReasons.InvalidSpec, plan.Blocker?.Reason);
        Assert.Contains($"'{Missing}' is not an AWS managed policy IAM has", plan.Blocker!.Message);
        Assert.Empty(plan.Actions);
    }

    [Theory, MemberData(nameof(Kinds))]
    public void More_managed_policies_than_the_account_quota_is_refused_before_the_first_attachment(string kind)
    {
        var plan = Planner.Diff(WithManaged(kind, Eleven), null, new ObservedReferences(new HashSet<string>(), AttachedPoliciesQuota: 10));

        Assert.Equal(ConditionReasons.LimitExceeded, plan.Blocker?.Reason);
        Assert.Contains("11 managed policies declared, but this account attaches at most 10", plan.Blocker!.Message);
        Assert.Empty(plan.Actions);
    }

    [Fact]
    public void A_raised_quota_lets_the_same_declaration_through()
    {
        var plan = Planner.Diff(WithManaged("role", Eleven), null, new ObservedReferences(new HashSet<string>(), AttachedPoliciesQuota: 20));

        Assert.Null(plan.Blocker);
        Assert.Equal(11, plan.Actions.Count(a => a.Operation == IamOperation.AttachRolePolicy));
    }
}
