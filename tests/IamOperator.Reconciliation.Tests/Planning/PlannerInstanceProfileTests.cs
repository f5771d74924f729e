using IamOperator.Reconciliation.Desired;
using IamOperator.Reconciliation.Observed;
using IamOperator.Reconciliation.Planning;
using IamOperator.Resources;
using static IamOperator.Reconciliation.Tests.Planning.Entities;

namespace IamOperator.Reconciliation.Tests.Planning;

/// <summary>Instance profiles follow the same ownership and adoption rules as every other entity.</summary>
public class PlannerInstanceProfileTests
{
    private const string Role = "EC2-S3-Access-Role";

    private static ObservedRole WithProfile(string? owner, IReadOnlyList<string> roles, string? tagsUnread = null) =>
        ObservedRole() with { InstanceProfiles = [new ObservedInstanceProfile(Role, $"arn:aws:iam::123456789012:instance-profile/{Role}", roles, owner, tagsUnread)] };

    [Fact]
    public void A_hand_made_same_name_profile_is_not_taken_without_Adopt()
    {
        var plan = Planner.Diff(Entities.Role(), WithProfile(owner: null, roles: []));

        Assert.Equal(ConditionReasons.AlreadyExists, plan.Blocker?.Reason);
        Assert.Contains($"instance profile '{Role}' already exists and is not marked as owned", plan.Blocker!.Message);
        Assert.Contains("spec.adoptionPolicy: Adopt", plan.Blocker.Message);
        Assert.Empty(plan.Actions);
    }

    [Fact]
    public void Adopting_a_hand_made_profile_tags_it_before_adding_the_role()
    {
        var plan = Planner.Diff(Entities.Role(AdoptionPolicy.Adopt), WithProfile(owner: null, roles: []));

        Assert.Equal([$"TagInstanceProfile {Role} tags {KubernetesApiGroup.OwnerTagKey}={Owner}", $"AddRoleToInstanceProfile {Role} {Role}"],
            plan.Actions.Select(a => a.Describe()));
    }

    [Fact]
    public void A_hand_made_profile_is_left_in_place_when_the_instance_profile_is_turned_off()
    {
        var plan = Planner.Diff(Entities.Role(instanceProfile: false), WithProfile(owner: null, roles: [Role]));

        Assert.True(plan.IsEmpty, plan.Describe());
    }

    [Fact]
    public void When_its_tags_cannot_be_read_a_profile_holding_only_our_role_is_ours()
    {
        var unread = "ListInstanceProfileTags is not implemented by this IAM endpoint (HTTP 500 InternalFailure)";

        Assert.True(Planner.Diff(Entities.Role(), WithProfile(owner: null, roles: [Role], unread)).IsEmpty);
        Assert.Equal([$"RemoveRoleFromInstanceProfile {Role} {Role}", $"DeleteInstanceProfile {Role}"],
            Planner.Diff(Entities.Role(instanceProfile: false), WithProfile(owner: null, roles: [Role], unread)).Actions.Select(a => a.Describe()));
        Assert.Contains(Planner.DiffDeletion(Entities.Role().Identity, WithProfile(owner: null, roles: [Role], unread)).Actions,
            a => a.Describe() == $"DeleteInstanceProfile {Role}");
    }

    [Fact]
    public void When_its_tags_cannot_be_read_an_empty_profile_is_not_taken_without_Adopt()
    {
        var plan = Planner.Diff(Entities.Role(), WithProfile(owner: null, roles: [], tagsUnread: "not implemented"));

        Assert.Equal(ConditionReasons.AlreadyExists, plan.Blocker?.Reason);
        Assert.Contains("its tags could not be read (not implemented)", plan.Blocker!.Message);
    }
}
