using CsCheck;
using IamOperator.Policies;
using IamOperator.Reconciliation.Planning;
using IamOperator.Resources;

namespace IamOperator.Reconciliation.Tests.Planning;

/// <summary>A whole plan's creations against the account's entity quotas (GetAccountSummary), before the first write.</summary>
public class AccountQuotasTests
{
    private static readonly Dictionary<string, int> Summary = new()
    {
        ["Users"] = 4998, ["UsersQuota"] = 5000, ["Groups"] = 10, ["GroupsQuota"] = 300,
        ["Roles"] = 999, ["RolesQuota"] = 1000, ["Policies"] = 0, ["PoliciesQuota"] = 1500,
    };

    private static (ResourceKey, IamEntityKind) New(IamEntityKind kind, string name) =>
        (new ResourceKey(kind == IamEntityKind.Role ? IamServiceRole.KindName : $"Iam{kind}", "team", name), kind);

    [Fact]
    public void Creations_that_together_cross_an_account_quota_are_all_refused_naming_the_quota_the_count_and_what_the_plan_adds()
    {
        var refused = AccountQuotas.Refused(Summary,
            [New(IamEntityKind.User, "carol"), New(IamEntityKind.User, "alice"), New(IamEntityKind.User, "bob"), New(IamEntityKind.Group, "readers")]);

        Assert.Equal(["IamUser/team/alice", "IamUser/team/bob", "IamUser/team/carol"], refused.Keys.Select(k => k.ToString()).Order());
        var blocker = refused[New(IamEntityKind.User, "alice").Item1];
        Assert.Equal((ConditionReasons.LimitExceeded, true), (blocker.Reason, blocker.DeclarationAtFault));
        Assert.Equal("the account holds 4998 IAM users of its quota of 5000 (GetAccountSummary Users/UsersQuota) and this plan creates 3 "
            + "(IamUser/team/alice, IamUser/team/bob, IamUser/team/carol), 1 more than fit; none of them is created, so IAM does not refuse one midway. "
            + "Raise UsersQuota with Service Quotas, delete IAM users no longer needed, or declare fewer; no IAM write made", blocker.Message);
    }

    [Fact]
    public void Creations_that_fill_the_quota_exactly_are_not_refused() =>
        Assert.Empty(AccountQuotas.Refused(Summary, [New(IamEntityKind.User, "alice"), New(IamEntityKind.User, "bob"), New(IamEntityKind.Role, "app")]));

    [Fact]
    public void A_kind_the_account_summary_does_not_report_is_left_to_IAM() =>
        Assert.Empty(AccountQuotas.Refused(new Dictionary<string, int> { ["Users"] = 5000 }, [New(IamEntityKind.User, "alice")]));

    [Fact]
    public void A_kind_is_refused_exactly_when_its_count_plus_its_creations_exceeds_its_quota() =>
        Gen.Select(Gen.Int[0, 5], Gen.Int[0, 5], Gen.Int[0, 4], Gen.Int[0, 4]).Sample((users, usersQuota, newUsers, newPolicies) =>
        {
            var summary = new Dictionary<string, int> { ["Users"] = users, ["UsersQuota"] = usersQuota, ["Policies"] = 0, ["PoliciesQuota"] = 2 };
            var creations = Enumerable.Range(0, newUsers).Select(i => New(IamEntityKind.User, $"u{i}"))
                .Concat(Enumerable.Range(0, newPolicies).Select(i => New(IamEntityKind.Policy, $"p{i}"))).ToList();
            var refused = AccountQuotas.Refused(summary, creations);
            return refused.Count(r => r.Key.Kind == "IamUser") == (users + newUsers > usersQuota ? newUsers : 0)
                && refused.Count(r => r.Key.Kind == "IamPolicy") == (newPolicies > 2 ? newPolicies : 0);
        });
}
