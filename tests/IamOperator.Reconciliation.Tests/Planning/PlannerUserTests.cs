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
        Assert.Contains(plan.Actions[0].Tags!, t => t.Key == KubernetesApiGroup.OwnerTagKey && t.Value == Owner);
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
        Assert.Equal([new Iam.IamTag(KubernetesApiGroup.OwnerTagKey, Owner)], plan.Actions[0].Tags);
    }

    [Fact]
    public void User_owned_by_another_owner_is_not_touched_even_with_Adopt()
    {
        var plan = Planner.Diff(User(AdoptionPolicy.Adopt), ObservedUser(owner: OtherOwner));
        Assert.Equal(ConditionReasons.OwnershipConflict, plan.Blocker!.Reason);
        Assert.Contains(OtherOwner, plan.Blocker.Message);
        Assert.Empty(plan.Actions);
    }

    private const string VirtualMfa = "arn:aws:iam::123456789012:mfa/alice";

    /// <summary>What IAM requires gone before DeleteUser (API_DeleteUser), after the user's policies and groups are always removed.</summary>
    private static readonly string[] PolicyAndGroupRemovals = ["DeleteUserPolicy alice s3", $"DetachUserPolicy alice {ReadOnly}", "RemoveUserFromGroup alice Developers", "DeleteUser alice"];

    private static readonly Dictionary<string, (Func<ObservedUser, ObservedUser> Observed, string[] Expected)> CredentialDeletions = new()
    {
        ["none"] = (o => o, []),
        ["console password"] = (o => o with { HasLoginProfile = true }, ["DeleteLoginProfile alice"]),
        ["access key"] = (o => o with { AccessKeys = [new("alice", "AKIAIOSFODNN7EXAMPLE", Iam.AccessKeyStatus.Active, DateTimeOffset.UnixEpoch)] },
            ["DeleteAccessKey alice AKIAIOSFODNN7EXAMPLE"]),
        ["signing certificate"] = (o => o with { SigningCertificates = [new("alice", "TA7SMP42TDN5Z26OBPJE7EXAMPLE", Iam.CredentialStatus.Active, null)] },
            ["DeleteSigningCertificate alice TA7SMP42TDN5Z26OBPJE7EXAMPLE"]),
        ["SSH public key"] = (o => o with { SshPublicKeys = [new("alice", "APKAEIBAERJR2EXAMPLE", Iam.CredentialStatus.Inactive, DateTimeOffset.UnixEpoch)] },
            ["DeleteSSHPublicKey alice APKAEIBAERJR2EXAMPLE"]),
        ["service-specific credentials of two services"] = (o => o with
            {
                ServiceSpecificCredentials =
                [
                    new("alice", "ACCA12345ABCDEXAMPLE", "codecommit.amazonaws.com", Iam.CredentialStatus.Active, DateTimeOffset.UnixEpoch),
                    new("alice", "ACCA67890ABCDEXAMPLE", "bedrock.amazonaws.com", Iam.CredentialStatus.Expired, DateTimeOffset.UnixEpoch),
                ],
            },
            ["DeleteServiceSpecificCredential alice ACCA12345ABCDEXAMPLE", "DeleteServiceSpecificCredential alice ACCA67890ABCDEXAMPLE"]),
        ["virtual MFA device is deactivated then deleted"] = (o => o with { MfaDevices = [new("alice", VirtualMfa, DateTimeOffset.UnixEpoch)] },
            [$"DeactivateMFADevice alice {VirtualMfa}", $"DeleteVirtualMFADevice {VirtualMfa}"]),
        ["hardware MFA device is only deactivated"] = (o => o with { MfaDevices = [new("alice", "GAHT12345678", DateTimeOffset.UnixEpoch)] },
            ["DeactivateMFADevice alice GAHT12345678"]),
        ["FIDO security key is only deactivated"] = (o => o with { MfaDevices = [new("alice", "arn:aws:iam::123456789012:u2f/user/alice/fidosecuritykey-EXAMPLE", DateTimeOffset.UnixEpoch)] },
            ["DeactivateMFADevice alice arn:aws:iam::123456789012:u2f/user/alice/fidosecuritykey-EXAMPLE"]),
    };

    public static TheoryData<string> CredentialDeletionCases => [.. CredentialDeletions.Keys];

    [Theory, MemberData(nameof(CredentialDeletionCases))]
    public void Deleting_a_user_removes_each_credential_IAM_requires_gone_then_policies_groups_and_the_user(string name)
    {
        var (observed, expected) = CredentialDeletions[name];
        var plan = Planner.DiffDeletion(User().Identity, observed(ObservedUser()));
        Assert.Equal(PlanChange.Delete, plan.Change);
        Assert.Equal([.. expected, .. PolicyAndGroupRemovals], plan.Actions.Select(a => a.Describe()));
    }

    [Fact]
    public void Deleting_a_user_removes_every_prerequisite_in_IAMs_documented_order_before_DeleteUser()
    {
        var observed = ObservedUser() with
        {
            HasLoginProfile = true,
            AccessKeys = [new Iam.AccessKeyMetadata("alice", "AKIA1", Iam.AccessKeyStatus.Active, DateTimeOffset.UnixEpoch)],
            SigningCertificates = [new Iam.SigningCertificateMetadata("alice", "TA7SMP42TDN5Z26OBPJE7EXAMPLE", Iam.CredentialStatus.Active, null)],
            SshPublicKeys = [new Iam.SshPublicKeyMetadata("alice", "APKAEIBAERJR2EXAMPLE", Iam.CredentialStatus.Active, DateTimeOffset.UnixEpoch)],
            ServiceSpecificCredentials = [new Iam.ServiceSpecificCredentialMetadata("alice", "ACCA12345ABCDEXAMPLE", "codecommit.amazonaws.com", Iam.CredentialStatus.Active, DateTimeOffset.UnixEpoch)],
            MfaDevices = [new Iam.MfaDeviceInfo("alice", VirtualMfa, DateTimeOffset.UnixEpoch)],
        };
        var plan = Planner.DiffDeletion(User().Identity, observed);
        Assert.Equal(PlanChange.Delete, plan.Change);
        Assert.Equal(
            ["DeleteLoginProfile", "DeleteAccessKey", "DeleteSigningCertificate", "DeleteSSHPublicKey", "DeleteServiceSpecificCredential",
             "DeactivateMFADevice", "DeleteVirtualMFADevice", "DeleteUserPolicy", "DetachUserPolicy", "RemoveUserFromGroup", "DeleteUser"],
            plan.Actions.Select(a => a.Operation.ToString()));
    }

    [Fact]
    public void Deleting_a_virtual_MFA_device_is_bound_to_its_deactivation()
    {
        // Once deactivated, the device is no longer the user's: no later read would find it to delete.
        var plan = Planner.DiffDeletion(User().Identity, ObservedUser() with { MfaDevices = [new Iam.MfaDeviceInfo("alice", VirtualMfa, DateTimeOffset.UnixEpoch)] });
        Assert.Equal([false, true], plan.Actions.Take(2).Select(a => a.BoundToPrevious));
    }
}
