using IamOperator.Reconciliation.Desired;
using IamOperator.Reconciliation.Observed;
using IamOperator.Reconciliation.Planning;
using IamOperator.Resources;
using static IamOperator.Reconciliation.Tests.Planning.Entities;

namespace IamOperator.Reconciliation.Tests.Planning;

public class PlannerRoleTests
{
    private const string Role = "EC2-S3-Access-Role";

    private static readonly Dictionary<string, (Func<DesiredRole, DesiredRole> Desired, Func<ObservedRole, ObservedRole> Observed, string[] Expected)> Updates = new()
    {
        ["description"] = (d => d with { Description = "new" }, o => o, [$"UpdateRole {Role} description \"new\" maxSession 3600s"]),
        ["max session"] = (d => d with { MaxSessionDurationSeconds = 7200 }, o => o, [$"UpdateRole {Role} description \"EC2 reads S3\" maxSession 7200s"]),
        ["trust policy"] = (d => d with { TrustPolicy = LambdaTrust }, o => o, [$"UpdateAssumeRolePolicy {Role}"]),
        ["tag added"] = (d => d with { Tags = Tags(("env", "prod")) }, o => o, [$"TagRole {Role} tags env=prod"]),
        ["boundary"] = (d => d with { PermissionsBoundaryArn = PowerUser }, o => o, [$"PutRolePermissionsBoundary {Role} {PowerUser}"]),
        ["managed policy"] = (d => d with { ManagedPolicyArns = [] }, o => o, [$"DetachRolePolicy {Role} {ReadOnly}"]),
        ["inline policy"] = (d => d with { InlinePolicies = Inline(("s3", S3Read)) }, o => o, [$"PutRolePolicy {Role} s3"]),
        ["instance profile missing"] = (d => d, o => o with { InstanceProfiles = [] }, [$"CreateInstanceProfile {Role} tags iamoperator.dev/owner={Owner}", $"AddRoleToInstanceProfile {Role} {Role}"]),
        ["instance profile empty"] = (d => d, o => o with { InstanceProfiles = [o.InstanceProfiles[0] with { RoleNames = [] }] }, [$"AddRoleToInstanceProfile {Role} {Role}"]),
        ["instance profile no longer wanted"] = (d => d with { InstanceProfile = false }, o => o,
            [$"RemoveRoleFromInstanceProfile {Role} {Role}", $"DeleteInstanceProfile {Role}"]),
        ["someone else's profile holding our role is left alone"] = (d => d with { InstanceProfile = false },
            o => o with { InstanceProfiles = [new ObservedInstanceProfile("theirs", "arn:x", [Role], OtherOwner)] }, []),
    };

    public static TheoryData<string> UpdateCases => [.. Updates.Keys];

    [Theory, MemberData(nameof(UpdateCases))]
    public void Update_changes_exactly_the_differing_field(string name)
    {
        var (desired, observed, expected) = Updates[name];
        var plan = Planner.Diff(desired(Entities.Role()), observed(ObservedRole()));
        Assert.Equal(expected, plan.Actions.Select(a => a.Describe()));
    }

    [Fact]
    public void Matching_role_plans_no_writes() => Assert.True(Planner.Diff(Entities.Role(), ObservedRole()).IsEmpty);

    [Fact]
    public void New_ec2_role_gets_a_tagged_instance_profile_holding_it()
    {
        var plan = Planner.Diff(Entities.Role(), null);
        Assert.Equal(["CreateRole", "AttachRolePolicy", "CreateInstanceProfile", "AddRoleToInstanceProfile"], plan.Actions.Select(a => a.Operation.ToString()));
        Assert.Equal(Ec2Trust, plan.Actions[0].Document);
        Assert.Null(plan.Actions[0].MaxSessionDurationSeconds); // IAM's default is not sent
        Assert.Contains(plan.Actions[2].Tags!, t => t.Key == KubernetesApiGroup.OwnerTagKey && t.Value == Owner);
    }

    [Fact]
    public void Renaming_a_role_is_refused_as_immutable()
    {
        var desired = Entities.Role() with { Identity = Entities.Role().Identity with { IamName = "Other" } };
        var plan = Planner.Diff(desired, ObservedRole());
        Assert.Equal(ConditionReasons.InvalidSpec, plan.Blocker?.Reason);
        Assert.StartsWith("spec.iamName is immutable", plan.Blocker!.Message);
    }

    [Fact]
    public void Changing_a_role_path_is_refused_as_immutable()
    {
        var desired = Entities.Role() with { Identity = Entities.Role().Identity with { Path = "/svc/" } };
        Assert.StartsWith("spec.path is immutable", Planner.Diff(desired, ObservedRole()).Blocker?.Message);
    }

    [Fact]
    public void Instance_profile_of_another_owner_is_an_OwnershipConflict()
    {
        var observed = ObservedRole() with { InstanceProfiles = [ObservedRole().InstanceProfiles[0] with { Owner = OtherOwner }] };
        Assert.Equal(ConditionReasons.OwnershipConflict, Planner.Diff(Entities.Role(), observed).Blocker?.Reason);
    }

    [Fact]
    public void Untagged_role_is_refused_and_adopted_only_on_request()
    {
        Assert.Equal(ConditionReasons.AlreadyExists, Planner.Diff(Entities.Role(), ObservedRole(owner: null)).Blocker?.Reason);
        var adopt = Planner.Diff(Entities.Role(AdoptionPolicy.Adopt), ObservedRole(owner: null, instanceProfile: false));
        Assert.Equal(IamOperation.TagRole, adopt.Actions[0].Operation);
        Assert.Null(adopt.Blocker);
    }

    [Fact]
    public void Role_of_another_owner_is_an_OwnershipConflict() =>
        Assert.Equal(ConditionReasons.OwnershipConflict, Planner.Diff(Entities.Role(AdoptionPolicy.Adopt), ObservedRole(owner: OtherOwner)).Blocker?.Reason);

    [Fact]
    public void Deleting_a_role_frees_and_deletes_its_own_instance_profile_before_DeleteRole()
    {
        var observed = ObservedRole() with { InlinePolicies = Inline(("s3", S3Read)) };
        var plan = Planner.DiffDeletion(Entities.Role().Identity, observed);
        Assert.Equal(
            [$"RemoveRoleFromInstanceProfile {Role} {Role}", $"DeleteInstanceProfile {Role}", $"DeleteRolePolicy {Role} s3",
             $"DetachRolePolicy {Role} {ReadOnly}", $"DeleteRole {Role}"],
            plan.Actions.Select(a => a.Describe()));
    }

    [Fact]
    public void Deleting_a_role_only_leaves_instance_profiles_it_does_not_own()
    {
        var observed = ObservedRole() with { InstanceProfiles = [new ObservedInstanceProfile("shared", "arn:x", [Role], null)] };
        var plan = Planner.DiffDeletion(Entities.Role().Identity, observed);
        Assert.DoesNotContain(plan.Actions, a => a.Operation == IamOperation.DeleteInstanceProfile);
        Assert.Contains(plan.Actions, a => a.Describe() == $"RemoveRoleFromInstanceProfile shared {Role}");
    }
}
