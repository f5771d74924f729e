using IamOperator.Iam;
using IamOperator.Policies;
using IamOperator.Reconciliation.Desired;
using IamOperator.Reconciliation.Observed;
using IamOperator.Reconciliation.Planning;
using IamOperator.Reconciliation.Tests.Desired;
using IamOperator.Resources;

namespace IamOperator.Reconciliation.Tests.Emulated;

/// <summary>IamGroup spec.requireMfa: the guard AWS documents, written by the operator and evaluated by IAM's simulator as AWS describes it.</summary>
public class GroupMfaGuardTests
{
    private static string Group(bool? requireMfa, string inlinePolicies = "") => $$"""
        apiVersion: iamoperator.dev/v1alpha1
        kind: IamGroup
        metadata: { name: developers, namespace: team }
        spec:
          iamName: Developers
          {{(requireMfa is null ? "" : $"requireMfa: {requireMfa.Value.ToString().ToLowerInvariant()}")}}
          permissions:
            managedPolicyArns: [arn:aws:iam::aws:policy/PowerUserAccess]
            {{inlinePolicies}}
        """;

    private static readonly SimulationContextEntry SignedInWithMfa = new("aws:MultiFactorAuthPresent", SimulationContextKeyType.Boolean, ["true"]);

    private static async Task<(EmulatedIam Iam, string UserArn)> MemberOfGuardedGroupAsync()
    {
        var iam = await EmulatedIam.StartAsync();
        var outcome = await iam.ApplyAsync(Manifests.One(Group(requireMfa: true)));
        Assert.True(outcome.IsReady, outcome.Message);
        var user = await iam.Iam.CreateUserAsync(new CreateUserRequest("alice"), default);
        await iam.Iam.AddUserToGroupAsync("Developers", "alice", default);
        return (iam, user.Arn);
    }

    [Fact]
    public async Task A_member_with_PowerUserAccess_is_denied_without_MFA_and_allowed_when_signed_in_with_MFA()
    {
        var (iam, userArn) = await MemberOfGuardedGroupAsync();
        await using var _ = iam;

        var withoutMfa = Assert.Single(await iam.Iam.SimulatePrincipalPolicyAsync(userArn, new PolicySimulationRequest(["s3:ListAllMyBuckets"]), default));
        var mfaFalse = Assert.Single(await iam.Iam.SimulatePrincipalPolicyAsync(userArn, new PolicySimulationRequest(["s3:ListAllMyBuckets"],
            ContextEntries: [SignedInWithMfa with { Values = ["false"] }]), default));
        var withMfa = Assert.Single(await iam.Iam.SimulatePrincipalPolicyAsync(userArn, new PolicySimulationRequest(["s3:ListAllMyBuckets"],
            ContextEntries: [SignedInWithMfa]), default));

        Assert.Equal(SimulationDecision.ExplicitDeny, withoutMfa.Decision);
        Assert.Equal(GroupMfaGuard.PolicyName, withoutMfa.MatchedStatements.Single().SourcePolicyId);
        Assert.Equal(SimulationDecision.ExplicitDeny, mfaFalse.Decision);
        Assert.Equal(SimulationDecision.Allowed, withMfa.Decision);
    }

    [Fact]
    public async Task Without_MFA_a_member_may_still_enrol_their_own_MFA_device_and_change_their_own_password_but_not_another_users()
    {
        var (iam, userArn) = await MemberOfGuardedGroupAsync();
        await using var _ = iam;
        var account = userArn.Split(':')[4];

        var results = await iam.Iam.SimulatePrincipalPolicyAsync(userArn, new PolicySimulationRequest(
            ["iam:CreateVirtualMFADevice"], [$"arn:aws:iam::{account}:mfa/alice"]), default);
        var own = await iam.Iam.SimulatePrincipalPolicyAsync(userArn, new PolicySimulationRequest(
            ["iam:EnableMFADevice", "iam:ChangePassword"], [userArn]), default);
        var other = await iam.Iam.SimulatePrincipalPolicyAsync(userArn, new PolicySimulationRequest(
            ["iam:EnableMFADevice", "iam:ChangePassword"], [$"arn:aws:iam::{account}:user/bob"]), default);

        Assert.Equal(SimulationDecision.Allowed, Assert.Single(results).Decision);
        Assert.All(own, r => Assert.Equal(SimulationDecision.Allowed, r.Decision));
        Assert.All(other, r => Assert.Equal(SimulationDecision.ImplicitDeny, r.Decision));
    }

    [Fact]
    public async Task The_guard_is_in_sync_on_the_next_reconcile_also_against_the_account_snapshot_and_turning_it_off_removes_it()
    {
        await using var iam = await EmulatedIam.StartAsync();
        Assert.True((await iam.ApplyAsync(Manifests.One(Group(requireMfa: true)))).IsReady);
        Assert.Contains(GroupMfaGuard.PolicyName, await iam.Iam.ListInlinePolicyNamesAsync(IamPrincipal.Group("Developers"), default));

        var again = await iam.ApplyAsync(Manifests.One(Group(requireMfa: true)));
        var snapshot = new AccountSnapshot(await iam.Iam.GetAccountAuthorizationDetailsAsync(AccountDetailsFilter.Group, default));
        var fromSnapshot = await iam.Reconciler().ReconcileAsync(Manifests.One(Group(requireMfa: true)), ReconcileOptions.Plan with { Snapshot = snapshot }, default);
        Assert.Equal(0, again.Writes);
        Assert.True(fromSnapshot.Plan!.IsEmpty, fromSnapshot.Plan.Describe());

        var off = await iam.ApplyAsync(Manifests.One(Group(requireMfa: false)));
        Assert.True(off.IsReady, off.Message);
        Assert.Equal([IamOperation.DeleteGroupPolicy], off.Plan!.Actions.Select(a => a.Operation));
        Assert.DoesNotContain(GroupMfaGuard.PolicyName, await iam.Iam.ListInlinePolicyNamesAsync(IamPrincipal.Group("Developers"), default));
    }

    [Fact]
    public void A_declared_inline_policy_cannot_take_the_guards_name_in_any_letter_case()
    {
        var state = DesiredStateBuilder.Build(Manifests.One(Group(requireMfa: false, """
            inlinePolicies:
                  - name: IAMOPERATOR.DEV-REQUIRE-MFA
                    document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: s3:GetObject, Resource: "*" }] }
            """)), new ReconcileSettings { OwnerId = "cluster-a" }, new DictionaryLookup());

        Assert.Null(state.Entity);
        Assert.Contains(state.Problems, p => p.StartsWith("spec.permissions.inlinePolicies[0].name:", StringComparison.Ordinal) && p.Contains("MFA guard", StringComparison.Ordinal));
    }

    [Fact]
    public void The_guardrails_accept_the_guard_with_every_built_in_rule_on()
    {
        var state = DesiredStateBuilder.Build(Manifests.One(Group(requireMfa: true)), new ReconcileSettings { OwnerId = "cluster-a" }, new DictionaryLookup());

        var group = Assert.IsType<DesiredGroup>(state.Entity);
        Assert.Equal(GroupMfaGuard.Document, group.InlinePolicies[GroupMfaGuard.PolicyName]);
        Assert.Contains(state.Subject!.PermissionDocuments, d => d.FieldPath == "spec.requireMfa");
        Assert.DoesNotContain(Guardrails.Check(state.Subject!, GuardrailSettings.Default), f => f.FieldPath.StartsWith("spec.requireMfa", StringComparison.Ordinal));
    }
}
