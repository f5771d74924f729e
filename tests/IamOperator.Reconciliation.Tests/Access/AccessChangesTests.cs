using IamOperator.Policies;
using IamOperator.Reconciliation.Access;

namespace IamOperator.Reconciliation.Tests.Access;

public class AccessChangesTests
{
    private static readonly ResourceKey Alice = new("IamUser", "iam-team", "alice.johnson");

    private static SourcedPolicy Policy(string via, string statements) =>
        new(via, PolicyDocument.Parse($$"""{"Version":"2012-10-17","Statement":[{{statements}}]}"""));

    private static readonly SourcedPolicy Administrator = Policy("group DevOps → AdministratorAccess", """{"Effect":"Allow","Action":"*","Resource":"*"}""");
    private static readonly SourcedPolicy PowerUser = Policy("group Developers → PowerUserAccess",
        """{"Effect":"Allow","NotAction":["iam:*","organizations:*"],"Resource":"*"},{"Effect":"Allow","Action":"iam:ListRoles","Resource":"*"}""");
    private static readonly SourcedPolicy ReadOnly = Policy("group ReadOnly → ReadOnlyAccess",
        """{"Effect":"Allow","Action":["IAM:ListRoles","s3:Get*"],"Resource":"*"},{"Effect":"Deny","Action":"s3:PutObject","Resource":"*"}""");

    private static ResolvedPolicies With(params SourcedPolicy[] policies) => new(policies, null, false, []);

    [Fact]
    public void Moving_a_user_from_Developers_to_DevOps_gains_star_via_the_group_and_loses_the_power_user_patterns()
    {
        var change = AccessChanges.Diff(Alice, "alice.johnson", With(PowerUser), With(Administrator));

        Assert.NotNull(change);
        Assert.Equal([new AccessGrant("*", "group DevOps → AdministratorAccess")], change.Gained);
        Assert.Equal([new AccessGrant("NotAction iam:*, organizations:*", "group Developers → PowerUserAccess"), new AccessGrant("iam:ListRoles", "group Developers → PowerUserAccess")],
            change.Lost);
        Assert.Null(change.Boundary);
    }

    [Fact]
    public void A_pattern_still_granted_by_another_path_is_neither_gained_nor_lost_compared_without_regard_to_case()
    {
        // iam:ListRoles stays granted (ReadOnly spells it IAM:ListRoles); only s3:Get* is new and the NotAction goes.
        var change = AccessChanges.Diff(Alice, "alice.johnson", With(PowerUser), With(ReadOnly));

        Assert.NotNull(change);
        Assert.Equal(["s3:Get*"], change.Gained.Select(g => g.Action));
        Assert.Equal(["NotAction iam:*, organizations:*"], change.Lost.Select(g => g.Action));
    }

    [Fact]
    public void Deny_statements_are_not_action_patterns()
    {
        Assert.DoesNotContain(AccessChanges.Grants([ReadOnly]), g => g.Action.Contains("PutObject", StringComparison.Ordinal));
    }

    [Fact]
    public void The_same_patterns_by_the_same_paths_are_no_change_but_a_new_boundary_is()
    {
        Assert.Null(AccessChanges.Diff(Alice, "alice.johnson", With(PowerUser), With(PowerUser)));

        var boundary = Policy("permissions boundary DevBoundary", """{"Effect":"Allow","Action":"s3:*","Resource":"*"}""");
        var change = AccessChanges.Diff(Alice, "alice.johnson", With(PowerUser), new ResolvedPolicies([PowerUser], boundary, true, []));

        Assert.NotNull(change);
        Assert.Empty(change.Gained);
        Assert.Empty(change.Lost);
        Assert.Equal(new BoundaryChange(null, "permissions boundary DevBoundary"), change.Boundary);
    }
}
