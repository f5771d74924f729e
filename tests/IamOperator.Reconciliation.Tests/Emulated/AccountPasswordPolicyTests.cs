using IamOperator.Iam;
using IamOperator.Reconciliation.Planning;
using IamOperator.Reconciliation.Tests.Desired;
using IamOperator.Resources;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace IamOperator.Reconciliation.Tests.Emulated;

/// <summary>IamAccountPasswordPolicy: GetAccountPasswordPolicy → diff → UpdateAccountPasswordPolicy, deletion, and one declaration per account.</summary>
public class AccountPasswordPolicyTests
{
    private const string Strong = """
        apiVersion: iamoperator.dev/v1alpha1
        kind: IamAccountPasswordPolicy
        metadata: { name: strong }
        spec:
          minimumPasswordLength: 14
          requireSymbols: true
          requireNumbers: true
          requireUppercaseCharacters: true
          requireLowercaseCharacters: true
          maxPasswordAgeDays: 90
          passwordReusePrevention: 24
          allowUsersToChangePassword: true
        """;

    private sealed class Declared(params IamAccountPasswordPolicy[] policies) : IResourceLookup
    {
        public ResolvedDependency? Find(string kind, string @namespace, string name) => null;
        public IReadOnlyList<IamAccountPasswordPolicy> AccountPasswordPolicies => policies;
    }

    private static IamAccountPasswordPolicy Policy(string yaml = Strong) => (IamAccountPasswordPolicy)Manifests.One(yaml);

    private static IamResourceReconciler Reconciler(EmulatedIam iam, IResourceLookup? lookup = null) =>
        new(iam.Iam, lookup ?? new Declared(), new ReconcileSettings { OwnerId = "cluster-a" }, TimeProvider.System, NullLoggerFactory.Instance);

    [Fact]
    public async Task The_declared_policy_is_written_once_and_a_second_reconcile_reads_it_and_writes_nothing()
    {
        await using var iam = await EmulatedIam.StartAsync();

        var first = await Reconciler(iam).ReconcileAsync(Policy(), ReconcileOptions.Apply, default);
        var second = await Reconciler(iam).ReconcileAsync(Policy(), ReconcileOptions.Apply, default);

        Assert.True(first.IsReady, first.Message);
        Assert.Equal((PlanChange.Create, 1), (first.Plan!.Change, first.Writes));
        Assert.Equal(new AccountPasswordPolicySettings(14, true, true, true, true, true, 90, 24, false),
            AccountPasswordPolicySettings.From((await iam.Iam.GetAccountPasswordPolicyAsync(default))!));
        Assert.True(second.IsReady && second.Plan!.IsEmpty && second.Writes == 0, second.Message);
        Assert.Equal(1, iam.Server.Statistics.CallsOf("UpdateAccountPasswordPolicy"));
    }

    [Fact]
    public async Task A_policy_changed_by_hand_is_put_back_whole_and_a_field_left_out_takes_IAMs_default()
    {
        await using var iam = await EmulatedIam.StartAsync();
        await iam.Iam.UpdateAccountPasswordPolicyAsync(new AccountPasswordPolicySettings(8, false, false, false, false, false, null, 3, true), default);
        var noReuseRule = Policy(Strong.Replace("  passwordReusePrevention: 24\n", ""));

        var plan = await Reconciler(iam).ReconcileAsync(noReuseRule, ReconcileOptions.Plan, default);
        var applied = await Reconciler(iam).ReconcileAsync(noReuseRule, ReconcileOptions.Apply, default);

        Assert.Equal(PlanChange.Update, plan.Plan!.Change);
        Assert.Equal("UpdateAccountPasswordPolicy password policy: minimum length 14, symbols, numbers, uppercase, lowercase, expires after 90 days, users may change their password",
            Assert.Single(plan.Plan.Actions).Describe());
        Assert.True(applied.IsReady, applied.Message);
        var held = (await iam.Iam.GetAccountPasswordPolicyAsync(default))!;
        Assert.Equal((14, (int?)null, false), (held.MinimumPasswordLength, held.PasswordReusePrevention, held.HardExpiry));
    }

    [Fact]
    public async Task Deletion_with_policy_Delete_removes_the_account_policy_and_Retain_keeps_it()
    {
        await using var iam = await EmulatedIam.StartAsync();
        Assert.True((await Reconciler(iam).ReconcileAsync(Policy(), ReconcileOptions.Apply, default)).IsReady);
        var retained = Policy();
        retained.Spec.DeletionPolicy = DeletionPolicy.Retain;

        var kept = await Reconciler(iam).DeleteAsync(retained, ReconcileOptions.Apply, default);
        Assert.True(kept.FinalizerRemovable);
        Assert.NotNull(await iam.Iam.GetAccountPasswordPolicyAsync(default));

        var deleted = await Reconciler(iam).DeleteAsync(Policy(), ReconcileOptions.Apply, default);
        var again = await Reconciler(iam).DeleteAsync(Policy(), ReconcileOptions.Apply, default);

        Assert.True(deleted.FinalizerRemovable && deleted.Writes == 1, deleted.Message);
        Assert.Null(await iam.Iam.GetAccountPasswordPolicyAsync(default));
        Assert.True(again.FinalizerRemovable && again.Writes == 0, again.Message);
    }

    [Fact]
    public async Task Two_declarations_in_one_run_both_stall_naming_the_other_without_an_IAM_call()
    {
        await using var iam = await EmulatedIam.StartAsync();
        var strong = Policy();
        var other = Policy(Strong.Replace("name: strong", "name: other"));
        var lookup = new Declared(strong, other);

        var outcomes = new[] { await Reconciler(iam, lookup).ReconcileAsync(strong, ReconcileOptions.Apply, default),
            await Reconciler(iam, lookup).ReconcileAsync(other, ReconcileOptions.Apply, default) };

        Assert.All(outcomes, o => Assert.Equal((true, ConditionReasons.InvalidSpec), (o.IsStalled, o.Reason)));
        Assert.Contains("IamAccountPasswordPolicy other also declares it", outcomes[0].Message);
        Assert.Contains("IamAccountPasswordPolicy strong also declares it", outcomes[1].Message);
        Assert.Equal(0, iam.Server.Statistics.TotalCalls);
    }

    [Fact]
    public void In_a_cluster_the_declaration_created_first_owns_the_account_and_a_later_one_stalls()
    {
        var first = Policy(Strong.Replace("name: strong", "name: zeta"));
        var second = Policy();
        first.Metadata.CreationTimestamp = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        second.Metadata.CreationTimestamp = new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc);

        Assert.Empty(AccountPasswordPolicyPlanner.ConflictsOf(first, [first, second]));
        Assert.Equal([first], AccountPasswordPolicyPlanner.ConflictsOf(second, [first, second]));
        Assert.Empty(AccountPasswordPolicyPlanner.ConflictsOf(second, [second]));
    }

    [Fact]
    public async Task A_length_outside_IAMs_range_is_an_invalid_spec_before_any_IAM_call()
    {
        await using var iam = await EmulatedIam.StartAsync();
        var policy = Policy();
        policy.Spec.MinimumPasswordLength = 5;

        var outcome = await Reconciler(iam).ReconcileAsync(policy, ReconcileOptions.Apply, default);

        Assert.Equal(ConditionReasons.InvalidSpec, outcome.Reason);
        Assert.Contains("spec.minimumPasswordLength", outcome.Message);
        Assert.Equal(0, iam.Server.Statistics.TotalCalls);
    }
}
