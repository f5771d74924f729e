using IamOperator.Operator;
using IamOperator.Resources;
using k8s.Models;

namespace IamOperator.Tests.Operator;

/// <summary>When a group's or policy's cache change means what it grants may have changed (DependencyTracker).</summary>
public sealed class DependencyTrackerGrantsTests
{
    private static T At<T>(long? observedGeneration, bool ready) where T : IIamResource, new()
    {
        var resource = new T { Metadata = new V1ObjectMeta { Name = "x", NamespaceProperty = "ns", Generation = observedGeneration } };
        resource.Status = new IamResourceStatus
        {
            ObservedGeneration = observedGeneration,
            Conditions = [new V1Condition { Type = ConditionTypes.Ready, Status = ready ? "True" : "False", Reason = "r", Message = "m" }],
        };
        return resource;
    }

    [Fact]
    public void A_group_or_policy_Ready_at_a_newer_generation_may_grant_something_else() =>
        Assert.True(DependencyTracker.GrantsMayHaveChanged(At<IamGroup>(1, true), At<IamGroup>(2, true))
            && DependencyTracker.GrantsMayHaveChanged(At<IamPolicy>(3, true), At<IamPolicy>(4, true)));

    [Fact]
    public void The_same_generation_written_again_or_a_generation_not_yet_applied_grants_nothing_new() =>
        Assert.False(DependencyTracker.GrantsMayHaveChanged(At<IamGroup>(2, true), At<IamGroup>(2, true))
            || DependencyTracker.GrantsMayHaveChanged(At<IamGroup>(1, true), At<IamGroup>(2, false)));

    [Fact]
    public void Principals_grant_nothing_to_others() =>
        Assert.False(DependencyTracker.GrantsMayHaveChanged(At<IamUser>(1, true), At<IamUser>(2, true))
            || DependencyTracker.GrantsMayHaveChanged(At<IamServiceRole>(1, true), At<IamServiceRole>(2, true)));
}
