using IamOperator.Iam;
using IamOperator.Reconciliation.Planning;
using IamOperator.Resources;
using static IamOperator.Reconciliation.Tests.Planning.Entities;

namespace IamOperator.Reconciliation.Tests.Planning;

public class PlannerPolicyTests
{
    [Fact]
    public void Matching_policy_plans_no_writes() => Assert.True(Planner.Diff(Policy(), ObservedPolicy()).IsEmpty);

    [Fact]
    public void Absent_policy_is_created_with_document_description_and_owner_tag()
    {
        var action = Planner.Diff(Policy(), null).Actions.Single();
        Assert.Equal(IamOperation.CreatePolicy, action.Operation);
        Assert.Equal(("s3-read", S3Read, "read S3"), (action.Target, action.Document, action.Description));
        Assert.Contains(action.Tags!, t => t.Value == Owner);
    }

    [Fact]
    public void Changed_document_becomes_a_new_default_version()
    {
        var plan = Planner.Diff(Policy() with { Document = S3Write }, ObservedPolicy(versions: 2));
        Assert.Equal($"CreatePolicyVersion {PolicyArn}", plan.Actions.Single().Describe());
        Assert.Equal(S3Write, plan.Actions[0].Document);
    }

    [Fact]
    public void With_five_versions_the_oldest_non_default_is_deleted_first()
    {
        var plan = Planner.Diff(Policy() with { Document = S3Write }, ObservedPolicy(versions: 5));
        Assert.Equal([$"DeletePolicyVersion {PolicyArn} v1", $"CreatePolicyVersion {PolicyArn}"], plan.Actions.Select(a => a.Describe()));
    }

    [Fact]
    public void The_planner_prunes_at_the_version_limit_the_IAM_client_recovers_from_and_not_below_it()
    {
        var below = Planner.Diff(Policy() with { Document = S3Write }, ObservedPolicy(versions: IamQueryClient.MaxPolicyVersions - 1));
        Assert.Equal($"CreatePolicyVersion {PolicyArn}", below.Actions.Single().Describe());
        var at = Planner.Diff(Policy() with { Document = S3Write }, ObservedPolicy(versions: IamQueryClient.MaxPolicyVersions));
        Assert.Equal(IamOperation.DeletePolicyVersion, at.Actions[0].Operation);
    }

    [Fact]
    public void The_default_version_is_never_the_one_pruned_even_when_oldest()
    {
        var observed = ObservedPolicy(versions: 5);
        var versions = observed.Versions.Select(v => v with { IsDefaultVersion = v.VersionId == "v1" }).ToList();
        var plan = Planner.Diff(Policy() with { Document = S3Write }, observed with { Versions = versions, DefaultVersionId = "v1" });
        Assert.Equal($"DeletePolicyVersion {PolicyArn} v2", plan.Actions[0].Describe());
    }

    [Fact]
    public void Tags_are_converged_by_arn() =>
        Assert.Equal($"TagPolicy {PolicyArn} tags env=prod", Planner.Diff(Policy() with { Tags = Tags(("env", "prod")) }, ObservedPolicy()).Actions.Single().Describe());

    [Fact]
    public void Description_change_is_refused_as_immutable() =>
        Assert.StartsWith("spec.description is immutable", Planner.Diff(Policy() with { Description = "other" }, ObservedPolicy()).Blocker?.Message);

    [Fact]
    public void Rename_is_refused_as_immutable()
    {
        var desired = Policy() with { Identity = Policy().Identity with { IamName = "s3-reader" } };
        Assert.Equal(ConditionReasons.InvalidSpec, Planner.Diff(desired, ObservedPolicy()).Blocker?.Reason);
    }

    [Fact]
    public void Untagged_policy_needs_Adopt_and_another_owners_policy_is_refused()
    {
        Assert.Equal(ConditionReasons.AlreadyExists, Planner.Diff(Policy(), ObservedPolicy(owner: null)).Blocker?.Reason);
        Assert.Equal(IamOperation.TagPolicy, Planner.Diff(Policy(AdoptionPolicy.Adopt), ObservedPolicy(owner: null)).Actions[0].Operation);
        Assert.Equal(ConditionReasons.OwnershipConflict, Planner.Diff(Policy(AdoptionPolicy.Adopt), ObservedPolicy(owner: OtherOwner)).Blocker?.Reason);
    }

    [Fact]
    public void Deleting_a_policy_detaches_it_everywhere_and_drops_old_versions_first()
    {
        var plan = Planner.DiffDeletion(Policy().Identity, ObservedPolicy(versions: 2));
        Assert.Equal(
            [$"DetachUserPolicy alice {PolicyArn}", $"DetachGroupPolicy Developers {PolicyArn}", $"DeletePolicyVersion {PolicyArn} v1", $"DeletePolicy {PolicyArn}"],
            plan.Actions.Select(a => a.Describe()));
    }
}
