using IamOperator.Hosting;
using IamOperator.Iam;
using IamOperator.Operator;
using IamOperator.Policies;
using IamOperator.Reconciliation.Access;
using IamOperator.Reconciliation.Desired;
using IamOperator.Resources;
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
        for (var i = 0; i < 50; i++) coldStart.Reconciled($"IamUser/team/user-{i}");
        var again = await coldStart.ForFirstReconcileAsync("IamUser/team/user-7", default);

        Assert.All(firsts, snapshot => Assert.NotNull(snapshot?.Find(IamEntityKind.User, "alice.johnson")));
        Assert.Same(firsts[0], firsts[49]);
        Assert.Null(again);
        Assert.Equal(1, account.Statistics.TotalCalls);
        Assert.Equal(50, coldStart.Served);
    }

    [Fact]
    public async Task The_controller_starting_over_resources_already_in_sync_reads_the_account_and_its_roles_once_and_writes_nothing()
    {
        await using var op = await OperatorHarness.StartAsync();
        // IAM already holds the samples under this cluster's owner id (applied earlier, here by the CLI).
        await op.Iam.CreateGroupAsync("Auditors", null, default);
        await op.Iam.CreateUserAsync(new CreateUserRequest("erin.legacy"), default);
        var cli = await CliRun.InvokeAsync(["apply", "-f", OperatorHarness.SamplesFolder, "--iam-endpoint", op.Emulator.Endpoint.ToString(),
            "--owner-id", "test-cluster", "--iam-requests-per-second", "10000"]);
        Assert.True(cli.ExitCode == 0, cli.Output);
        op.Emulator.Statistics.Reset();

        // Users with credentials are not in sync: the CLI above made none (no --credentials-dir), the controller would now.
        var applied = await op.ApplySamplesAsync(r => r is not IamUser { Spec.AccessKey: not null } and not IamUser { Spec.ConsoleAccess: not null });
        await OperatorHarness.WaitUntilAsync(async () => (await op.NotReadyAsync(applied)).Count == 0, "every sample is Ready",
            explain: async () => string.Join("; ", await op.NotReadyAsync(applied)));

        var stats = op.Emulator.Statistics;
        var calls = string.Join(", ", stats.CallsByAction.Select(c => $"{c.Key} {c.Value}"));
        Assert.True(stats.WriteCalls == 0, calls);
        Assert.True(stats.CallsOf("GetAccountAuthorizationDetails") == 1, calls);
        // Besides the account: the roles once, for the description and maximum session duration the snapshot lacks.
        Assert.True(stats.CallsOf("ListRoles") == 1, calls);
        // The users' MFA and key age: one credential report (generate, get) for all of them.
        Assert.True(stats.CallsOf("GenerateCredentialReport") == 1 && stats.CallsOf("GetCredentialReport") == 1, calls);
        // The access checks are verified once per generation: one simulation per distinct context of a principal's checks.
        var simulations = applied.Sum(r => AccessCheckSimulation.Requests(DesiredAccessCheck.Of(r)).Count);
        Assert.True(simulations > 0 && stats.CallsOf("SimulatePrincipalPolicy") == simulations, calls);
        // The account password policy is not in the snapshot: its one declaration reads it once.
        Assert.True(stats.CallsOf("GetAccountPasswordPolicy") == 1, calls);
        // Dependents woken again by their dependencies' status changes still plan against the snapshot: nothing else.
        Assert.True(stats.TotalCalls == 5 + simulations, calls);
    }

    [Fact]
    public async Task The_snapshot_is_let_go_once_too_old_to_use_and_is_not_read_again()
    {
        await using var account = await EmbeddedIam.StartAsync();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var coldStart = new ColdStartSnapshot(account.Iam, time, NullLogger<ColdStartSnapshot>.Instance);

        Assert.NotNull(await coldStart.ForFirstReconcileAsync("IamUser/team/alice", default));
        Assert.True(coldStart.HoldsSnapshot);

        time.Advance(ColdStartSnapshot.MaxAge + TimeSpan.FromSeconds(1));

        Assert.False(coldStart.HoldsSnapshot);
        Assert.Null(await coldStart.ForFirstReconcileAsync("IamUser/team/bob", default));
        Assert.Equal(1, account.Statistics.CallsOf("GetAccountAuthorizationDetails"));
    }

    [Fact]
    public async Task Letting_the_snapshot_go_announces_the_end_of_the_cold_start_once()
    {
        await using var account = await EmbeddedIam.StartAsync();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var coldStart = new ColdStartSnapshot(account.Iam, time, NullLogger<ColdStartSnapshot>.Instance);
        await account.Iam.CreateUserAsync(new CreateUserRequest("alice.johnson"), default);
        await account.Iam.CreateGroupAsync("Auditors", null, default);
        var released = 0;
        var entities = new List<int>();
        coldStart.Released += held =>
        {
            Interlocked.Increment(ref released);
            entities.Add(held);
        };

        Assert.NotNull(await coldStart.ForFirstReconcileAsync("IamUser/team/alice", default));
        time.Advance(ColdStartSnapshot.MaxAge - TimeSpan.FromSeconds(1));
        Assert.Equal(0, released);

        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, released);
        Assert.Equal([2], entities);
        time.Advance(ColdStartSnapshot.MaxAge * 3);
        Assert.Null(await coldStart.ForFirstReconcileAsync("IamUser/team/bob", default));
        Assert.Equal(1, released);
    }

    [Fact]
    public async Task An_endpoint_without_the_bulk_read_has_no_cold_start_snapshot_to_let_go()
    {
        await using var account = await EmbeddedIam.StartAsync();
        var (iam, _) = ObservedIamApi.Wrap(account.Iam, unimplementedMethod: nameof(IIamApi.GetAccountAuthorizationDetailsAsync));
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var coldStart = new ColdStartSnapshot(iam, time, NullLogger<ColdStartSnapshot>.Instance);
        var released = 0;
        coldStart.Released += _ => Interlocked.Increment(ref released);

        Assert.Null(await coldStart.ForFirstReconcileAsync("IamUser/team/alice", default));
        time.Advance(ColdStartSnapshot.MaxAge * 2);

        Assert.Equal(0, released);
    }

    [Fact]
    public async Task A_first_reconcile_that_only_waited_for_a_dependency_leaves_the_snapshot_to_the_next_one()
    {
        await using var account = await EmbeddedIam.StartAsync();
        var coldStart = new ColdStartSnapshot(account.Iam, TimeProvider.System, NullLogger<ColdStartSnapshot>.Instance);

        var waited = await coldStart.ForFirstReconcileAsync("IamUser/team/alice", default);
        var next = await coldStart.ForFirstReconcileAsync("IamUser/team/alice", default);
        coldStart.Reconciled("IamUser/team/alice");

        Assert.NotNull(waited);
        Assert.Same(waited, next);
        Assert.Null(await coldStart.ForFirstReconcileAsync("IamUser/team/alice", default));
        Assert.Equal(1, account.Statistics.CallsOf("GetAccountAuthorizationDetails"));
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
