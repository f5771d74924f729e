using IamOperator.Iam;
using IamOperator.Policies;
using IamOperator.Reconciliation.Planning;
using IamOperator.Reconciliation.Tests.Desired;
using IamOperator.Resources;

namespace IamOperator.Reconciliation.Tests.Emulated;

/// <summary>The reconciler against the IAM emulator over HTTP, through the real IAM client.</summary>
public class ReconcilerTests
{
    private const string Group = """
        apiVersion: iamoperator.dev/v1alpha1
        kind: IamGroup
        metadata: { name: developers, namespace: team }
        spec:
          iamName: Developers
          permissions:
            managedPolicyArns: [arn:aws:iam::aws:policy/PowerUserAccess]
            inlinePolicies:
              - name: s3
                document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: [s3:GetObject, s3:ListBucket], Resource: ["arn:aws:s3:::data", "arn:aws:s3:::data/*"] }] }
        """;

    private const string User = """
        apiVersion: iamoperator.dev/v1alpha1
        kind: IamUser
        metadata: { name: alice, namespace: team }
        spec:
          iamName: alice.johnson
          tags: { team: dev }
          groupNames: [Developers]
        """;

    private const string Role = """
        apiVersion: iamoperator.dev/v1alpha1
        kind: IamServiceRole
        metadata: { name: ec2-s3, namespace: team }
        spec:
          iamName: EC2-S3-Access-Role
          description: EC2 reads S3
          maxSessionDurationSeconds: 7200
          trust: { services: [ec2.amazonaws.com] }
          permissions:
            managedPolicyArns: [arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess]
        """;

    private const string Policy = """
        apiVersion: iamoperator.dev/v1alpha1
        kind: IamPolicy
        metadata: { name: s3-read, namespace: team }
        spec:
          description: read the data bucket
          document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: s3:GetObject, Resource: "arn:aws:s3:::data/*" }] }
        """;

    [Theory]
    [InlineData(Group)]
    [InlineData(User)]
    [InlineData(Role)]
    [InlineData(Policy)]
    public async Task Created_entity_is_Ready_and_a_second_reconcile_makes_zero_writes(string yaml)
    {
        await using var iam = await EmulatedIam.StartAsync();
        if (yaml == User) await iam.Iam.CreateGroupAsync("Developers", null, default);
        var resource = Manifests.One(yaml);

        var first = await iam.ApplyAsync(resource);
        Assert.True(first.IsReady, first.Message);
        Assert.Equal(PlanChange.Create, first.Plan!.Change);
        Assert.Equal(first.Plan.Actions.Count, first.Writes);
        Assert.NotNull(first.Arn);
        Assert.NotNull(first.IamId);

        var writesBefore = iam.Server.Statistics.WriteCalls;
        var second = await iam.ApplyAsync(resource);
        Assert.True(second.IsReady, second.Message);
        Assert.True(second.Plan!.IsEmpty, second.Plan.Describe());
        Assert.Equal(0, second.Writes);
        Assert.Equal(writesBefore, iam.Server.Statistics.WriteCalls);
    }

    [Fact]
    public async Task Documents_reach_IAM_as_the_manifest_writes_them_with_action_names_in_their_case()
    {
        await using var iam = await EmulatedIam.StartAsync();
        await iam.ApplyAsync(Manifests.One(Group));
        await iam.ApplyAsync(Manifests.One(Role));

        var inline = await iam.Iam.GetInlinePolicyAsync(IamPrincipal.Group("Developers"), "s3", default);
        var trust = (await iam.Iam.GetRoleAsync("EC2-S3-Access-Role", default)).AssumeRolePolicyDocument;

        Assert.Contains("\"Action\":[\"s3:GetObject\",\"s3:ListBucket\"]", inline);
        Assert.Contains("\"sts:AssumeRole\"", trust);
        Assert.DoesNotContain("sts:assumerole", trust);
    }

    [Fact]
    public async Task A_user_created_without_MFA_is_warned_at_once_not_only_at_the_next_resync()
    {
        await using var iam = await EmulatedIam.StartAsync();
        await iam.Iam.CreateGroupAsync("Developers", null, default);
        var resource = Manifests.One(User);

        var created = await iam.ApplyAsync(resource);
        var resynced = await iam.ApplyAsync(resource);

        Assert.Contains(created.Warnings, w => w.StartsWith("NoMfa:", StringComparison.Ordinal));
        Assert.Equal(resynced.Warnings, created.Warnings);
    }

    [Fact]
    public async Task Ec2_role_gets_its_instance_profile_and_reports_its_arn()
    {
        await using var iam = await EmulatedIam.StartAsync();
        var outcome = await iam.ApplyAsync(Manifests.One(Role));
        Assert.True(outcome.IsReady, outcome.Message);
        Assert.EndsWith(":instance-profile/EC2-S3-Access-Role", outcome.InstanceProfileArn);
        var profile = await iam.Iam.GetInstanceProfileAsync("EC2-S3-Access-Role", default);
        Assert.Equal(["EC2-S3-Access-Role"], profile.RoleNames);
        var role = await iam.Iam.GetRoleAsync("EC2-S3-Access-Role", default);
        Assert.Equal((7200, "EC2 reads S3"), (role.MaxSessionDuration, role.Description));
    }

    [Fact]
    public async Task Drift_made_outside_the_operator_is_reverted_exactly()
    {
        await using var iam = await EmulatedIam.StartAsync();
        var group = Manifests.One(Group);
        await iam.ApplyAsync(group);
        await iam.Iam.AttachPolicyAsync(IamPrincipal.Group("Developers"), "arn:aws:iam::aws:policy/AdministratorAccess", default);
        await iam.Iam.DeleteInlinePolicyAsync(IamPrincipal.Group("Developers"), "s3", default);

        var outcome = await iam.ApplyAsync(group);
        Assert.True(outcome.IsReady, outcome.Message);
        Assert.Equal(["DetachGroupPolicy Developers arn:aws:iam::aws:policy/AdministratorAccess", "PutGroupPolicy Developers s3"],
            outcome.Plan!.Actions.Select(a => a.Describe()));
    }

    [Fact]
    public async Task Guardrail_violation_stalls_without_any_IAM_call()
    {
        await using var iam = await EmulatedIam.StartAsync();
        var resource = Manifests.One("""
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamPolicy
            metadata: { name: admin, namespace: team }
            spec:
              document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "*", Resource: "*" }] }
            """);
        var outcome = await iam.ApplyAsync(resource);
        Assert.True(outcome.IsStalled);
        Assert.Equal(ConditionReasons.GuardrailViolation, outcome.Reason);
        Assert.Contains("spec.document", outcome.Message);
        Assert.Equal(0, iam.Server.Statistics.TotalCalls);
    }

    [Fact]
    public async Task Denied_managed_policy_stalls_outside_its_namespaces_and_warns_never()
    {
        await using var iam = await EmulatedIam.StartAsync();
        var settings = GuardrailSettings.Default with
        {
            DeniedManagedPolicies = [new DeniedManagedPolicy("arn:aws:iam::aws:policy/PowerUserAccess", ["platform"])],
        };
        var outcome = await iam.Reconciler(guardrails: settings).ReconcileAsync(Manifests.One(Group), ReconcileOptions.Apply, default);
        Assert.Equal(ConditionReasons.GuardrailViolation, outcome.Reason);
        Assert.Equal(0, iam.Server.Statistics.TotalCalls);
    }

    [Fact]
    public async Task An_owner_tag_written_in_another_letter_case_is_still_an_owner_tag_because_IAM_tag_keys_ignore_case()
    {
        await using var iam = await EmulatedIam.StartAsync();
        await iam.Iam.CreateGroupAsync("Developers", null, default);
        await iam.Iam.CreateUserAsync(new CreateUserRequest("alice.johnson",
            Tags: [new IamTag(KubernetesApiGroup.OwnerTagKey.ToUpperInvariant(), "cluster-a/team/alice")]), default);
        var writes = iam.Server.Statistics.WriteCalls;

        var other = await iam.ApplyAsync(Manifests.One(User), ownerId: "cluster-b");

        Assert.Equal(ConditionReasons.OwnershipConflict, other.Reason);
        Assert.Contains("cluster-a/team/alice", other.Message);
        Assert.Equal(writes, iam.Server.Statistics.WriteCalls);
    }

    [Fact]
    public async Task Entity_of_another_owner_is_refused_with_OwnershipConflict_and_left_untouched()
    {
        await using var iam = await EmulatedIam.StartAsync();
        await iam.Iam.CreateGroupAsync("Developers", null, default);
        var user = Manifests.One(User);
        Assert.True((await iam.ApplyAsync(user, ownerId: "cluster-a")).IsReady);

        var writes = iam.Server.Statistics.WriteCalls;
        var other = await iam.ApplyAsync(Manifests.One(User), ownerId: "cluster-b");
        Assert.True(other.IsStalled);
        Assert.Equal(ConditionReasons.OwnershipConflict, other.Reason);
        Assert.Contains("cluster-a/team/alice", other.Message);
        Assert.Equal(writes, iam.Server.Statistics.WriteCalls);

        var deletion = await iam.Reconciler("cluster-b").DeleteAsync(Manifests.One(User), ReconcileOptions.Apply, default);
        Assert.True(deletion.FinalizerRemovable);
        Assert.Equal(writes, iam.Server.Statistics.WriteCalls);
        Assert.NotNull(await iam.Iam.GetUserAsync("alice.johnson", default));
    }

    [Fact]
    public async Task Existing_untagged_user_is_refused_until_adoption_is_asked_for()
    {
        await using var iam = await EmulatedIam.StartAsync();
        await iam.Iam.CreateGroupAsync("Developers", null, default);
        await iam.Iam.CreateUserAsync(new CreateUserRequest("alice.johnson"), default);

        var refused = await iam.ApplyAsync(Manifests.One(User));
        Assert.Equal(ConditionReasons.AlreadyExists, refused.Reason);

        var adopted = await iam.ApplyAsync(Manifests.One(User.Replace("groupNames", "adoptionPolicy: Adopt\n  groupNames")));
        Assert.True(adopted.IsReady, adopted.Message);
        Assert.Equal(IamOperation.TagUser, adopted.Plan!.Actions[0].Operation);
        var tags = await iam.Iam.ListTagsAsync(IamTaggable.User("alice.johnson"), default);
        Assert.Contains(new IamTag("iamoperator.dev/owner", "cluster-a/team/alice"), tags);
    }

    [Fact]
    public async Task Unmarked_group_is_refused_and_a_marked_one_is_recognised()
    {
        await using var iam = await EmulatedIam.StartAsync();
        await iam.Iam.CreateGroupAsync("Developers", null, default);
        Assert.Equal(ConditionReasons.AlreadyExists, (await iam.ApplyAsync(Manifests.One(Group))).Reason);
        var adopted = await iam.ApplyAsync(Manifests.One(Group.Replace("iamName: Developers", "iamName: Developers\n  adoptionPolicy: Adopt")));
        Assert.True(adopted.IsReady, adopted.Message);
        Assert.Equal(ConditionReasons.OwnershipConflict, (await iam.ApplyAsync(Manifests.One(Group), ownerId: "cluster-b")).Reason);
    }

    [Fact]
    public async Task Renaming_a_user_uses_UpdateUser_and_keeps_the_entity()
    {
        await using var iam = await EmulatedIam.StartAsync();
        await iam.Iam.CreateGroupAsync("Developers", null, default);
        var user = Manifests.One(User);
        var created = await iam.ApplyAsync(user);

        var renamed = Manifests.One(User.Replace("iamName: alice.johnson", "iamName: alice.j\n  path: /people/"));
        renamed.Status = user.Status;
        var outcome = await iam.ApplyAsync(renamed);
        Assert.True(outcome.IsReady, outcome.Message);
        Assert.Equal("UpdateUser alice.johnson name→alice.j path→/people/", outcome.Plan!.Actions.Single().Describe());
        Assert.Equal(created.IamId, outcome.IamId);
        Assert.Equal((await iam.Iam.GetUserAsync("alice.j", default)).Arn, outcome.Arn);
    }

    [Fact]
    public async Task Policy_document_change_creates_a_default_version_pruning_the_oldest_at_five()
    {
        await using var iam = await EmulatedIam.StartAsync();
        var arnOutcome = await iam.ApplyAsync(Manifests.One(Policy));
        var arn = arnOutcome.Arn!;
        for (var i = 0; i < 4; i++)
            await iam.Iam.CreatePolicyVersionAsync(arn, $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b{{i}}/*"}]}""", false, default);

        var changed = Manifests.One(Policy.Replace("arn:aws:s3:::data/*", "arn:aws:s3:::data/reports/*"));
        var outcome = await iam.ApplyAsync(changed);
        Assert.True(outcome.IsReady, outcome.Message);
        Assert.Equal([$"DeletePolicyVersion {arn} v2", $"CreatePolicyVersion {arn}"], outcome.Plan!.Actions.Select(a => a.Describe()));
        var versions = await iam.Iam.ListPolicyVersionsAsync(arn, default);
        Assert.Equal(5, versions.Count);
        Assert.Equal(outcome.DefaultVersionId, versions.Single(v => v.IsDefaultVersion).VersionId);
    }

    [Fact]
    public async Task Deleting_a_user_with_credentials_clears_every_prerequisite()
    {
        await using var iam = await EmulatedIam.StartAsync();
        await iam.Iam.CreateGroupAsync("Developers", null, default);
        var user = Manifests.One(User);
        await iam.ApplyAsync(user);
        await iam.Iam.CreateAccessKeyAsync("alice.johnson", default);
        await iam.Iam.PutInlinePolicyAsync(IamPrincipal.User("alice.johnson"), "extra",
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""", default);
        // What people add themselves, which IAM also requires gone before DeleteUser.
        using var outOfBand = new OutOfBandIam(iam.Server);
        await outOfBand.UploadSigningCertificateAsync("alice.johnson");
        await outOfBand.UploadSshPublicKeyAsync("alice.johnson");
        await outOfBand.CreateServiceSpecificCredentialAsync("alice.johnson");
        var serial = await outOfBand.EnableVirtualMfaDeviceAsync("alice.johnson");

        var outcome = await iam.Reconciler().DeleteAsync(user, ReconcileOptions.Apply, default);
        Assert.True(outcome.FinalizerRemovable, outcome.Message);
        Assert.Equal(
            ["DeleteAccessKey", "DeleteSigningCertificate", "DeleteSSHPublicKey", "DeleteServiceSpecificCredential", "DeactivateMFADevice",
             "DeleteVirtualMFADevice", "DeleteUserPolicy", "RemoveUserFromGroup", "DeleteUser"],
            outcome.Plan!.Actions.Select(a => a.Operation.ToString()));
        Assert.Equal($"DeleteVirtualMFADevice {serial}", outcome.Plan.Actions.Single(a => a.Operation == IamOperation.DeleteVirtualMFADevice).Describe());
        var gone = await Assert.ThrowsAsync<IamApiException>(() => iam.Iam.GetUserAsync("alice.johnson", default));
        Assert.Equal(IamErrorCode.NoSuchEntity, gone.ErrorCode);
        Assert.Empty(await outOfBand.VirtualMfaDevicesAsync());
    }

    [Fact]
    public async Task Reconciling_a_user_reads_no_credentials_that_only_deletion_needs()
    {
        await using var iam = await EmulatedIam.StartAsync();
        await iam.Iam.CreateGroupAsync("Developers", null, default);
        var user = Manifests.One(User);
        await iam.ApplyAsync(user);
        iam.Server.Statistics.Reset();

        await iam.ApplyAsync(user);

        Assert.All(new[] { "GetLoginProfile", "ListSigningCertificates", "ListSSHPublicKeys", "ListServiceSpecificCredentials" },
            action => Assert.Equal(0, iam.Server.Statistics.CallsOf(action)));
        Assert.Equal(1, iam.Server.Statistics.CallsOf("ListMFADevices"));
    }

    [Fact]
    public async Task Deleting_a_group_removes_members_and_marker_and_a_role_its_instance_profile()
    {
        await using var iam = await EmulatedIam.StartAsync();
        var group = Manifests.One(Group);
        var role = Manifests.One(Role);
        await iam.ApplyAsync(group);
        await iam.ApplyAsync(role);
        await iam.Iam.CreateUserAsync(new CreateUserRequest("bob"), default);
        await iam.Iam.AddUserToGroupAsync("Developers", "bob", default);

        Assert.True((await iam.Reconciler().DeleteAsync(group, ReconcileOptions.Apply, default)).FinalizerRemovable);
        Assert.True((await iam.Reconciler().DeleteAsync(role, ReconcileOptions.Apply, default)).FinalizerRemovable);
        var details = await iam.Iam.GetAccountAuthorizationDetailsAsync(AccountDetailsFilter.Group | AccountDetailsFilter.Role, default);
        Assert.Empty(details.Groups);
        Assert.Empty(details.Roles);
        await Assert.ThrowsAsync<IamApiException>(() => iam.Iam.GetInstanceProfileAsync("EC2-S3-Access-Role", default));
    }

    [Fact]
    public async Task Retained_resource_is_released_without_any_IAM_call()
    {
        await using var iam = await EmulatedIam.StartAsync();
        var retained = Manifests.One(Policy.Replace("description:", "deletionPolicy: Retain\n  description:"));
        var outcome = await iam.Reconciler().DeleteAsync(retained, ReconcileOptions.Apply, default);
        Assert.True(outcome.FinalizerRemovable);
        Assert.Equal(0, iam.Server.Statistics.TotalCalls);
    }

    [Fact]
    public async Task Missing_dependency_waits_until_the_dependency_timeout_with_no_IAM_call()
    {
        await using var iam = await EmulatedIam.StartAsync();
        var user = Manifests.One(User.Replace("groupNames: [Developers]", "groupRefs: [{ name: developers }]"));
        var outcome = await iam.ApplyAsync(user);
        Assert.Equal(ConditionReasons.WaitingForDependency, outcome.Reason);
        Assert.True(outcome.Find(ConditionTypes.Reconciling)!.IsTrue);
        Assert.Equal(new ReconcileSettings { OwnerId = "any" }.DependencyTimeout, outcome.RequeueAfter);
        Assert.Equal(0, iam.Server.Statistics.TotalCalls);
    }

    [Fact]
    public async Task Plan_only_reports_the_plan_and_writes_nothing()
    {
        await using var iam = await EmulatedIam.StartAsync();
        var outcome = await iam.Reconciler().ReconcileAsync(Manifests.One(Role), ReconcileOptions.Plan, default);
        Assert.Equal(ConditionReasons.Creating, outcome.Reason);
        Assert.Equal("create: 4 writes: CreateRole, AttachRolePolicy, CreateInstanceProfile, AddRoleToInstanceProfile", outcome.LastPlan);
        Assert.Equal(0, iam.Server.Statistics.WriteCalls);
    }

    [Fact]
    public async Task Transient_IAM_failure_is_RetryingAfterError_left_to_the_controllers_retry()
    {
        await using var iam = await EmulatedIam.StartAsync();
        iam.Server.Faults.FailureRate = 1;
        var outcome = await iam.ApplyAsync(Manifests.One(Policy));
        Assert.Equal(ConditionReasons.RetryingAfterError, outcome.Reason);
        Assert.True(outcome.IsRetryableFailure);
        Assert.Null(outcome.RequeueAfter);
    }

    [Fact]
    public async Task Snapshot_drift_check_sees_no_drift_after_apply_and_sees_an_extra_attachment()
    {
        await using var iam = await EmulatedIam.StartAsync();
        var settings = new ReconcileSettings { OwnerId = "cluster-a" };
        var group = Manifests.One(Group);
        var role = Manifests.One(Role);
        await iam.ApplyAsync(group);
        await iam.ApplyAsync(role);

        var snapshot = new Observed.AccountSnapshot(await iam.Iam.GetAccountAuthorizationDetailsAsync(AccountDetailsFilter.All, default));
        Assert.False(DriftCheck.Check(group, settings, iam.Lookup, snapshot).Drifted, DriftCheck.Check(group, settings, iam.Lookup, snapshot).Plan?.Describe());
        Assert.False(DriftCheck.Check(role, settings, iam.Lookup, snapshot).Drifted, DriftCheck.Check(role, settings, iam.Lookup, snapshot).Plan?.Describe());

        await iam.Iam.AttachPolicyAsync(IamPrincipal.Role("EC2-S3-Access-Role"), "arn:aws:iam::aws:policy/AdministratorAccess", default);
        snapshot = new Observed.AccountSnapshot(await iam.Iam.GetAccountAuthorizationDetailsAsync(AccountDetailsFilter.All, default));
        var verdict = DriftCheck.Check(role, settings, iam.Lookup, snapshot);
        Assert.True(verdict.Drifted);
        Assert.Equal(IamOperation.DetachRolePolicy, verdict.Plan!.Actions.Single().Operation);
    }
}
