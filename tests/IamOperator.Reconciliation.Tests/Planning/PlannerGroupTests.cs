using IamOperator.Policies;
using IamOperator.Reconciliation.Desired;
using IamOperator.Reconciliation.Observed;
using IamOperator.Reconciliation.Planning;
using IamOperator.Resources;
using static IamOperator.Reconciliation.Tests.Planning.Entities;

namespace IamOperator.Reconciliation.Tests.Planning;

public class PlannerGroupTests
{
    private static readonly Dictionary<string, (Func<DesiredGroup, DesiredGroup> Desired, Func<ObservedGroup, ObservedGroup> Observed, string[] Expected)> Updates = new()
    {
        ["rename"] = (d => d with { Identity = d.Identity with { IamName = "Devs" } }, o => o, ["UpdateGroup Developers name→Devs"]),
        ["rename and path together"] = (d => d with { Identity = d.Identity with { IamName = "Devs", Path = "/eng/" } }, o => o, ["UpdateGroup Developers name→Devs path→/eng/"]),
        ["managed policy added"] = (d => d with { ManagedPolicyArns = [PowerUser, ReadOnly] }, o => o, [$"AttachGroupPolicy Developers {ReadOnly}"]),
        ["managed policy removed"] = (d => d with { ManagedPolicyArns = [] }, o => o, [$"DetachGroupPolicy Developers {PowerUser}"]),
        ["inline policy changed"] = (d => d with { InlinePolicies = Inline(("s3", S3Write)) }, o => o, ["PutGroupPolicy Developers s3"]),
        ["inline policy added"] = (d => d with { InlinePolicies = Inline(("s3", S3Read), ("w", S3Write)) }, o => o, ["PutGroupPolicy Developers w"]),
        ["undeclared inline policy deleted"] = (d => d, o => o with { InlinePolicies = Inline(("s3", S3Read), ("console", S3Write)) }, ["DeleteGroupPolicy Developers console"]),
        ["members are not the group's to converge"] = (d => d, o => o with { Members = ["alice", "mallory"] }, []),
    };

    public static TheoryData<string> UpdateCases => [.. Updates.Keys];

    [Theory, MemberData(nameof(UpdateCases))]
    public void Update_changes_exactly_the_differing_field(string name)
    {
        var (desired, observed, expected) = Updates[name];
        var plan = Planner.Diff(desired(Group()), observed(ObservedGroup()));
        Assert.Equal(expected, plan.Actions.Select(a => a.Describe()));
    }

    [Fact]
    public void Matching_group_plans_no_writes() => Assert.True(Planner.Diff(Group(), ObservedGroup()).IsEmpty);

    [Fact]
    public void New_group_gets_its_ownership_marker_bound_to_the_create()
    {
        var plan = Planner.Diff(Group(), null);
        Assert.Equal(["CreateGroup", "PutGroupPolicy", "PutGroupPolicy", "AttachGroupPolicy"], plan.Actions.Select(a => a.Operation.ToString()));
        var marker = plan.Actions[1];
        Assert.Equal(GroupOwnershipMarker.PolicyName, marker.Subject);
        Assert.True(marker.BoundToPrevious);
        Assert.Equal(Owner, GroupOwnershipMarker.ReadOwner(marker.Document!));
    }

    [Fact]
    public void Unmarked_group_is_refused_with_AlreadyExists() =>
        Assert.Equal(ConditionReasons.AlreadyExists, Planner.Diff(Group(), ObservedGroup(owner: null)).Blocker?.Reason);

    [Fact]
    public void Adopting_an_unmarked_group_puts_the_marker_first()
    {
        var plan = Planner.Diff(Group(AdoptionPolicy.Adopt), ObservedGroup(owner: null));
        Assert.Equal($"PutGroupPolicy Developers {GroupOwnershipMarker.PolicyName}", plan.Actions.Single().Describe());
    }

    [Fact]
    public void Group_marked_by_another_owner_is_an_OwnershipConflict()
    {
        var plan = Planner.Diff(Group(AdoptionPolicy.Adopt), ObservedGroup(owner: OtherOwner));
        Assert.Equal(ConditionReasons.OwnershipConflict, plan.Blocker?.Reason);
        Assert.Empty(plan.Actions);
    }

    [Fact]
    public void Deleting_a_group_empties_it_and_drops_the_marker_last_bound_to_DeleteGroup()
    {
        var plan = Planner.DiffDeletion(Group().Identity, ObservedGroup());
        Assert.Equal(
            ["RemoveUserFromGroup alice Developers", $"DetachGroupPolicy Developers {PowerUser}", "DeleteGroupPolicy Developers s3",
             $"DeleteGroupPolicy Developers {GroupOwnershipMarker.PolicyName}", "DeleteGroup Developers"],
            plan.Actions.Select(a => a.Describe()));
        Assert.True(plan.Actions[^1].BoundToPrevious);
    }

    [Fact]
    public void Retained_group_is_never_deleted() =>
        Assert.True(Planner.DiffDeletion(Entities.Identity(IamEntityKind.Group, "Developers", deletion: DeletionPolicy.Retain), ObservedGroup()).IsEmpty);

    [Fact]
    public void Group_of_another_owner_is_left_in_place_on_deletion()
    {
        var plan = Planner.DiffDeletion(Group().Identity, ObservedGroup(owner: OtherOwner));
        Assert.Empty(plan.Actions);
        Assert.Equal(ConditionReasons.OwnershipConflict, plan.Blocker?.Reason);
    }

    [Fact]
    public void Deleting_a_group_that_is_gone_plans_nothing() => Assert.True(Planner.DiffDeletion(Group().Identity, null).IsEmpty);
}
