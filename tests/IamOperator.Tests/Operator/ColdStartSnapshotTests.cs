using IamOperator.Hosting;
using IamOperator.Iam;
using IamOperator.Operator;
using Microsoft.Extensions.Logging.Abstractions;

namespace IamOperator.Tests.Operator;

/// <summary>The controller's cold start plans every resource's first reconcile against one read of the account.</summary>
public class ColdStartSnapshotTests
{
    [Fact]
    public async Task First_reconciles_of_many_resources_share_one_account_read_and_later_ones_read_their_entity()
    {
        await using var account = await EmbeddedIam.StartAsync();
        await account.Iam.CreateUserAsync(new CreateUserRequest("alice.johnson"), default);
        account.Statistics.Reset();
        var coldStart = new ColdStartSnapshot(account.Iam, TimeProvider.System, NullLogger<ColdStartSnapshot>.Instance);

        var firsts = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => coldStart.ForFirstReconcileAsync($"IamUser/team/user-{i}", default)));
        var again = await coldStart.ForFirstReconcileAsync("IamUser/team/user-7", default);

        Assert.All(firsts, snapshot => Assert.NotNull(snapshot?.Find(Reconciliation.IamEntityKind.User, "alice.johnson")));
        Assert.Same(firsts[0], firsts[49]);
        Assert.Null(again);
        Assert.Equal(1, account.Statistics.TotalCalls);
        Assert.Equal(50, coldStart.Served);
    }

    [Fact]
    public async Task An_endpoint_without_the_bulk_read_is_asked_once_and_every_resource_reads_its_entity()
    {
        await using var account = await EmbeddedIam.StartAsync();
        var (iam, _) = ObservedIamApi.Wrap(account.Iam, unimplementedMethod: nameof(IIamApi.GetAccountAuthorizationDetailsAsync));
        var coldStart = new ColdStartSnapshot(iam, TimeProvider.System, NullLogger<ColdStartSnapshot>.Instance);

        var firsts = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => coldStart.ForFirstReconcileAsync($"IamGroup/team/group-{i}", default)));

        Assert.All(firsts, Assert.Null);
    }

    [Fact]
    public async Task A_snapshot_older_than_five_minutes_is_not_used()
    {
        await using var account = await EmbeddedIam.StartAsync();
        var time = new ManualClock { Now = DateTimeOffset.Parse("2026-12-07T04:00:00Z", System.Globalization.CultureInfo.InvariantCulture) };
        var coldStart = new ColdStartSnapshot(account.Iam, time, NullLogger<ColdStartSnapshot>.Instance);

        Assert.NotNull(await coldStart.ForFirstReconcileAsync("IamUser/team/early", default));
        time.Now += ColdStartSnapshot.MaxAge + TimeSpan.FromSeconds(1);
        Assert.Null(await coldStart.ForFirstReconcileAsync("IamUser/team/late", default));
    }

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
