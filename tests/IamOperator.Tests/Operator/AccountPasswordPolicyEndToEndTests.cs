using IamOperator.Controllers;
using IamOperator.Controllers.InMemory;
using IamOperator.Iam;
using IamOperator.Operator;
using IamOperator.Resources;

namespace IamOperator.Tests.Operator;

/// <summary>
/// The cluster-scoped IamAccountPasswordPolicy served by the controller: declarations in no namespace on the (in-memory)
/// Kubernetes API, the account's password policy in the IAM emulator over HTTP.
/// </summary>
public sealed class AccountPasswordPolicyEndToEndTests
{
    [Fact]
    public async Task A_declaration_makes_IAM_hold_its_policy_and_becomes_Ready_with_the_finalizer_and_an_Event_in_default()
    {
        await using var op = await OperatorHarness.StartAsync();

        await op.CreateAsync(Declaration("account", minimumLength: 14));

        await WaitReadyAsync(op, "account");
        var policy = await op.Iam.GetAccountPasswordPolicyAsync(default);
        Assert.Equal(14, policy?.MinimumPasswordLength);
        Assert.True(policy?.RequireSymbols);
        Assert.Equal(90, policy?.MaxPasswordAge);
        var stored = (await op.GetAccountPasswordPolicyAsync("account"))!;
        Assert.True(string.IsNullOrEmpty(stored.Metadata.NamespaceProperty));
        Assert.Contains(ControllerOptions.DefaultFinalizer, stored.Metadata.Finalizers);
        // Events about an object in no namespace go to "default", as client-go's recorders put them.
        var created = Assert.Single(((InMemoryKubernetesApi)op.Kubernetes).Events, e => e.Regarding.Name == "account" && e.Reason == "Created");
        Assert.Equal("default", created.Metadata.NamespaceProperty);
        Assert.Equal(IamAccountPasswordPolicy.KindName, created.Regarding.Kind);
        Assert.True(string.IsNullOrEmpty(created.Regarding.NamespaceProperty));
    }

    [Fact]
    public async Task The_cluster_scoped_kind_is_served_cluster_wide_when_the_controller_watches_listed_namespaces()
    {
        await using var op = await OperatorHarness.StartAsync(configure: o => o.Controller.Namespaces = ["team-a", "team-b"]);

        await op.CreateAsync(Declaration("account", minimumLength: 12));

        await WaitReadyAsync(op, "account");
        Assert.Equal(12, (await op.Iam.GetAccountPasswordPolicyAsync(default))?.MinimumPasswordLength);
        Assert.Equal([null], op.Runtime.AccountPasswordPolicies.Informer.Scopes);
    }

    [Fact]
    public async Task A_second_declaration_stalls_InvalidSpec_naming_the_first_which_keeps_the_account()
    {
        await using var op = await OperatorHarness.StartAsync();
        await op.CreateAsync(Declaration("account", minimumLength: 14));
        await WaitReadyAsync(op, "account");

        await op.CreateAsync(Declaration("second", minimumLength: 20));

        var stalled = await WaitStalledAsync(op, "second");
        Assert.Equal(ConditionReasons.InvalidSpec, stalled.Reason);
        Assert.Contains($"{IamAccountPasswordPolicy.KindName} account also declares it", stalled.Message, StringComparison.Ordinal);
        // The first one was woken by the second's arrival and judged again: created first, it still owns the account.
        await WaitUntilIdleAsync(op);
        Assert.True(OperatorHarness.IsReady(await op.GetAccountPasswordPolicyAsync("account")));
        Assert.Equal(14, (await op.Iam.GetAccountPasswordPolicyAsync(default))?.MinimumPasswordLength);
    }

    [Fact]
    public async Task Deleting_the_declaration_that_owns_the_account_wakes_the_stalled_one_which_takes_the_account()
    {
        await using var op = await OperatorHarness.StartAsync();
        await op.CreateAsync(Declaration("account", minimumLength: 14));
        await WaitReadyAsync(op, "account");
        await op.CreateAsync(Declaration("second", minimumLength: 20));
        await WaitStalledAsync(op, "second");

        await op.Kubernetes.DeleteAsync(IamResourceKinds.AccountPasswordPolicy, null, "account", default);

        // Stalled is terminal until something changes: only the wake-up on the first one's departure reconciles it again.
        await WaitReadyAsync(op, "second");
        Assert.Null(await op.GetAccountPasswordPolicyAsync("account"));
        Assert.Equal(20, (await op.Iam.GetAccountPasswordPolicyAsync(default))?.MinimumPasswordLength);
    }

    [Fact]
    public async Task Deleting_a_stalled_declaration_never_deletes_the_policy_the_other_one_declares()
    {
        await using var op = await OperatorHarness.StartAsync();
        await op.CreateAsync(Declaration("account", minimumLength: 14));
        await WaitReadyAsync(op, "account");
        await op.CreateAsync(Declaration("second", minimumLength: 20));
        await WaitStalledAsync(op, "second");

        await op.Kubernetes.DeleteAsync(IamResourceKinds.AccountPasswordPolicy, null, "second", default);

        await OperatorHarness.WaitUntilAsync(async () => await op.GetAccountPasswordPolicyAsync("second") is null, "second is gone (finalizer released)");
        await WaitUntilIdleAsync(op);
        Assert.True(OperatorHarness.IsReady(await op.GetAccountPasswordPolicyAsync("account")));
        Assert.Equal(14, (await op.Iam.GetAccountPasswordPolicyAsync(default))?.MinimumPasswordLength);
    }

    [Fact]
    public async Task Deleting_the_last_declaration_with_deletionPolicy_Delete_removes_the_account_password_policy()
    {
        await using var op = await OperatorHarness.StartAsync();
        await op.CreateAsync(Declaration("account", minimumLength: 14));
        await WaitReadyAsync(op, "account");

        await op.Kubernetes.DeleteAsync(IamResourceKinds.AccountPasswordPolicy, null, "account", default);

        await OperatorHarness.WaitUntilAsync(async () => await op.GetAccountPasswordPolicyAsync("account") is null, "the declaration is gone (finalizer released)");
        Assert.Null(await op.Iam.GetAccountPasswordPolicyAsync(default));
        Assert.Contains(((InMemoryKubernetesApi)op.Kubernetes).Events, e => e.Regarding.Name == "account" && e.Reason == "Deleted" && e.Metadata.NamespaceProperty == "default");
    }

    [Fact]
    public async Task Deleting_the_last_declaration_with_deletionPolicy_Retain_keeps_the_account_password_policy()
    {
        await using var op = await OperatorHarness.StartAsync();
        await op.CreateAsync(Declaration("account", minimumLength: 14, DeletionPolicy.Retain));
        await WaitReadyAsync(op, "account");

        await op.Kubernetes.DeleteAsync(IamResourceKinds.AccountPasswordPolicy, null, "account", default);

        await OperatorHarness.WaitUntilAsync(async () => await op.GetAccountPasswordPolicyAsync("account") is null, "the declaration is gone (finalizer released)");
        Assert.Equal(14, (await op.Iam.GetAccountPasswordPolicyAsync(default))?.MinimumPasswordLength);
    }

    [Fact]
    public async Task A_hand_made_change_to_the_password_policy_is_missed_by_the_drift_scan_and_corrected_by_the_resync()
    {
        await using var op = await OperatorHarness.StartAsync(configure: o => o.Controller.ResyncPeriod = TimeSpan.FromSeconds(2));
        await op.CreateAsync(Declaration("account", minimumLength: 14));
        await WaitReadyAsync(op, "account");

        // Someone weakens the policy in the console.
        await op.Iam.UpdateAccountPasswordPolicyAsync(new AccountPasswordPolicySettings(8, false, false, false, false, false, null, null, false), default);

        // The scan's one bulk read (GetAccountAuthorizationDetails) does not carry the password policy.
        Assert.Equal(0, await op.Runtime.DriftScanner.ScanOnceAsync(default));
        await OperatorHarness.WaitUntilAsync(async () => (await op.Iam.GetAccountPasswordPolicyAsync(default))?.MinimumPasswordLength == 14,
            "the resync restored the declared policy");
    }

    private static IamAccountPasswordPolicy Declaration(string name, int minimumLength, DeletionPolicy deletionPolicy = DeletionPolicy.Delete) => new()
    {
        Metadata = new() { Name = name },
        Spec = new IamAccountPasswordPolicySpec
        {
            MinimumPasswordLength = minimumLength,
            RequireSymbols = true,
            MaxPasswordAgeDays = 90,
            DeletionPolicy = deletionPolicy,
        },
    };

    private static Task WaitReadyAsync(OperatorHarness op, string name) =>
        OperatorHarness.WaitUntilAsync(async () => OperatorHarness.IsReady(await op.GetAccountPasswordPolicyAsync(name)), $"IamAccountPasswordPolicy {name} is Ready",
            explain: async () => string.Join("; ", await op.NotReadyAsync([(await op.GetAccountPasswordPolicyAsync(name))!])));

    private static async Task<k8s.Models.V1Condition> WaitStalledAsync(OperatorHarness op, string name)
    {
        await OperatorHarness.WaitUntilAsync(async () =>
            OperatorHarness.Condition(await op.GetAccountPasswordPolicyAsync(name), ConditionTypes.Stalled)?.Status == "True", $"IamAccountPasswordPolicy {name} is Stalled");
        return OperatorHarness.Condition(await op.GetAccountPasswordPolicyAsync(name), ConditionTypes.Stalled)!;
    }

    private static Task WaitUntilIdleAsync(OperatorHarness op) =>
        OperatorHarness.WaitUntilAsync(() => Task.FromResult(op.Runtime.AccountPasswordPolicies.IsIdle), "the IamAccountPasswordPolicy controller is idle");
}
