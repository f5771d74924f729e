using IamOperator.Iam;
using IamOperator.Reconciliation.Observed;
using IamOperator.Reconciliation.Tests.Desired;
using IamOperator.Resources;

namespace IamOperator.Reconciliation.Tests.Emulated;

/// <summary>
/// Reconciling against one observation of the account (GetAccountAuthorizationDetails) instead of reading
/// each entity: in sync costs nothing, and a snapshot older than IAM never makes a wrong write.
/// </summary>
public class SnapshotObservationTests
{
    private const string User = """
        apiVersion: iamoperator.dev/v1alpha1
        kind: IamUser
        metadata: { name: alice, namespace: team }
        spec:
          iamName: alice.johnson
          requireMfa: false
          tags: { team: dev }
          groupNames: [Developers]
        """;

    private static async Task<AccountSnapshot> SnapshotAsync(EmulatedIam emulated) =>
        new(await emulated.Iam.GetAccountAuthorizationDetailsAsync(AccountDetailsFilter.All & ~AccountDetailsFilter.AwsManagedPolicy, default));

    private static ReconcileOptions Against(AccountSnapshot snapshot) => ReconcileOptions.Apply with { Snapshot = snapshot };

    [Fact]
    public async Task An_entity_the_snapshot_shows_in_sync_costs_no_call()
    {
        await using var emulated = await EmulatedIam.StartAsync();
        await emulated.Iam.CreateGroupAsync("Developers", null, default);
        Assert.True((await emulated.ApplyAsync(Manifests.One(User))).IsReady);
        var snapshot = await SnapshotAsync(emulated);
        emulated.Server.Statistics.Reset();

        var outcome = await emulated.Reconciler().ReconcileAsync(Manifests.One(User), Against(snapshot), default);

        Assert.True(outcome.IsReady, outcome.Message);
        Assert.Equal(0, emulated.Server.Statistics.TotalCalls);
        Assert.Equal("alice.johnson", outcome.IamName);
        Assert.EndsWith(":user/alice.johnson", outcome.Arn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_create_that_meets_an_entity_the_snapshot_did_not_show_reads_it_and_plans_again()
    {
        await using var emulated = await EmulatedIam.StartAsync();
        await emulated.Iam.CreateGroupAsync("Developers", null, default);
        var snapshot = await SnapshotAsync(emulated);
        // After the snapshot: the user appears (an earlier apply of ours), but not in its group.
        Assert.True((await emulated.ApplyAsync(Manifests.One(User))).IsReady);
        await emulated.Iam.RemoveUserFromGroupAsync("Developers", "alice.johnson", default);
        emulated.Server.Statistics.Reset();

        var outcome = await emulated.Reconciler().ReconcileAsync(Manifests.One(User), Against(snapshot), default);

        Assert.True(outcome.IsReady, outcome.Message);
        Assert.Equal(1, emulated.Server.Statistics.CallsOf("CreateUser"));
        Assert.Equal(1, emulated.Server.Statistics.CallsOf("GetUser"));
        Assert.Equal(1, emulated.Server.Statistics.CallsOf("AddUserToGroup"));
        Assert.Equal(["alice.johnson"], (await emulated.Iam.GetGroupMembersAsync("Developers", default)).Select(u => u.UserName));
    }

    [Fact]
    public async Task An_entity_the_snapshot_shows_different_is_read_itself_before_any_write()
    {
        await using var emulated = await EmulatedIam.StartAsync();
        await emulated.Iam.CreateGroupAsync("Developers", null, default);
        Assert.True((await emulated.ApplyAsync(Manifests.One(User))).IsReady);
        await emulated.Iam.RemoveUserFromGroupAsync("Developers", "alice.johnson", default);
        var snapshot = await SnapshotAsync(emulated);
        // After the snapshot, someone else already put the user back: the snapshot's difference is gone.
        await emulated.Iam.AddUserToGroupAsync("Developers", "alice.johnson", default);
        emulated.Server.Statistics.Reset();

        var outcome = await emulated.Reconciler().ReconcileAsync(Manifests.One(User), Against(snapshot), default);

        Assert.True(outcome.IsReady, outcome.Message);
        Assert.Equal(0, emulated.Server.Statistics.WriteCalls);
        Assert.Equal(1, emulated.Server.Statistics.CallsOf("GetUser"));
    }

    [Fact]
    public async Task An_unowned_user_the_snapshot_shows_is_refused_as_without_a_snapshot()
    {
        await using var emulated = await EmulatedIam.StartAsync();
        await emulated.Iam.CreateGroupAsync("Developers", null, default);
        await emulated.Iam.CreateUserAsync(new CreateUserRequest("alice.johnson"), default);
        var snapshot = await SnapshotAsync(emulated);
        emulated.Server.Statistics.Reset();

        var outcome = await emulated.Reconciler().ReconcileAsync(Manifests.One(User), Against(snapshot), default);

        Assert.True(outcome.IsStalled, outcome.Message);
        Assert.Equal(ConditionReasons.AlreadyExists, outcome.Reason);
        Assert.Equal(0, emulated.Server.Statistics.WriteCalls);
    }
}
