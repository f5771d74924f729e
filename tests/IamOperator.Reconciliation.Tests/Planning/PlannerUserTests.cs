using IamOperator.Reconciliation.Desired;
using IamOperator.Reconciliation.Observed;
using IamOperator.Reconciliation.Planning;
using IamOperator.Resources;
using static IamOperator.Reconciliation.Tests.Planning.Entities;

namespace IamOperator.Reconciliation.Tests.Planning;

public class PlannerUserTests
{
    private static readonly Dictionary<string, (Func<DesiredUser, DesiredUser> Desired, Func<ObservedUser, ObservedUser> Observed, string[] Expected)> Updates = new()
    {
        ["rename"] = (d => d with { Identity = d.Identity with { IamName = "alice.johnson" } }, o => o, ["UpdateUser alice name→alice.johnson"]),
        ["path"] = (d => d with { Identity = d.Identity with { Path = "/people/" } }, o => o, ["UpdateUser alice path→/people/"]),
        ["tag added"] = (d => d with { Tags = Tags(("team", "dev"), ("cost", "42")) }, o => o, ["TagUser alice tags cost=42"]),
        ["tag value changed"] = (d => d with { Tags = Tags(("team", "ops")) }, o => o, ["TagUser alice tags team=ops"]),
        ["undeclared tag removed"] = (d => d with { Tags = Tags() }, o => o, ["UntagUser alice keys team"]),
        ["aws: tags left alone"] = (d => d, o => o with { Tags = new Dictionary<string, string>(o.Tags) { ["aws:cloudformation:stack-name"] = "x" } }, []),
        ["boundary added"] = (d => d with { PermissionsBoundaryArn = ReadOnly }, o => o, [$"PutUserPermissionsBoundary alice {ReadOnly}"]),
        ["boundary removed"] = (d => d, o => o with { PermissionsBoundaryArn = ReadOnly }, ["DeleteUserPermissionsBoundary alice"]),
        ["managed policy swapped"] = (d => d with { ManagedPolicyArns = [PowerUser] }, o => o,
            [$"DetachUserPolicy alice {ReadOnly}", $"AttachUserPolicy alice {PowerUser}"]),
        ["inline policy changed"] = (d => d with { InlinePolicies = Inline(("s3", S3Write)) }, o => o, ["PutUserPolicy alice s3"]),
        ["undeclared inline policy deleted"] = (d => d with { InlinePolicies = Inline() }, o => o, ["DeleteUserPolicy alice s3"]),
        ["group joined and left"] = (d => d with { GroupNames = ["DevOps"] }, o => o, ["RemoveUserFromGroup alice Developers", "AddUserToGroup alice DevOps"]),
        ["group name case differs only"] = (d => d, o => o with { GroupNames = ["developers"] }, []),
    };

    public static TheoryData<string> UpdateCases => [.. Updates.Keys];

    [Theory, MemberData(nameof(UpdateCases))]
    public void Update_changes_exactly_the_differing_field(string name)
    {
        var (desired, observed, expected) = Updates[name];
        var plan = Planner.Diff(desired(User()), observed(ObservedUser()));
        Assert.Equal(expected, plan.Actions.Select(a => a.Describe()));
        Assert.Equal(expected.Length == 0 ? PlanChange.None : PlanChange.Update, plan.Change);
    }

    [Fact]
    public void Matching_user_plans_no_writes()
    {
        var plan = Planner.Diff(User(), ObservedUser());
        Assert.True(plan.IsEmpty);
        Assert.Equal("no changes", plan.Summary());
    }

    [Fact]
    public void Absent_user_is_created_with_owner_tag_then_permissions_then_groups()
    {
        var plan = Planner.Diff(User(), null);
        Assert.Equal(PlanChange.Create, plan.Change);
        Assert.Equal(["CreateUser", "PutUserPolicy", "AttachUserPolicy", "AddUserToGroup"], plan.Actions.Select(a => a.Operation.ToString()));
        Assert.Contains(plan.Actions[0].Tags!, t => t.Key == EntityIdentity.OwnerTagKey && t.Value == Owner);
    }

    [Fact]
    public void Untagged_user_is_refused_with_AlreadyExists()
    {
        var plan = Planner.Diff(User(), ObservedUser(owner: null));
        Assert.Equal(PlanChange.Blocked, plan.Change);
        Assert.Equal(ConditionReasons.AlreadyExists, plan.Blocker!.Reason);
        Assert.Contains("adoptionPolicy: Adopt", plan.Blocker.Message);
        Assert.Empty(plan.Actions);
    }

    [Fact]
    public void Adopting_an_untagged_user_claims_it_with_the_owner_tag_first()
    {
        var plan = Planner.Diff(User(AdoptionPolicy.Adopt), ObservedUser(owner: null));
        Assert.Equal(PlanChange.Update, plan.Change);
        Assert.Equal(IamOperation.TagUser, plan.Actions[0].Operation);
        Assert.Equal([new Iam.IamTag(EntityIdentity.OwnerTagKey, Owner)], plan.Actions[0].Tags);
    }

    [Fact]
    public void User_owned_by_another_owner_is_not_touched_even_with_Adopt()
    {
        var plan = Planner.Diff(User(AdoptionPolicy.Adopt), ObservedUser(owner: OtherOwner));
        Assert.Equal(ConditionReasons.OwnershipConflict, plan.Blocker!.Reason);
        Assert.Contains(OtherOwner, plan.Blocker.Message);
        Assert.Empty(plan.Actions);
    }

    [Fact]
    public void Deleting_a_user_removes_every_prerequisite_before_DeleteUser()
    {
        var observed = ObservedUser() with
        {
            HasLoginProfile = true,
            AccessKeys = [new Iam.AccessKeyMetadata("alice", "AKIA1", Iam.AccessKeyStatus.Active, DateTimeOffset.UnixEpoch)],
            MfaDevices = [new Iam.MfaDeviceInfo("alice", "arn:aws:iam::123456789012:mfa/alice", DateTimeOffset.UnixEpoch)],
        };
        var plan = Planner.DiffDeletion(User().Identity, observed);
        Assert.Equal(PlanChange.Delete, plan.Change);
        Assert.Equal(
            ["DeleteLoginProfile", "DeleteAccessKey", "DeactivateMFADevice", "DeleteUserPolicy", "DetachUserPolicy", "RemoveUserFromGroup", "DeleteUser"],
            plan.Actions.Select(a => a.Operation.ToString()));
    }
}
