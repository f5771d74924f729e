using IamOperator.Controllers.InMemory;
using IamOperator.Hosting;
using IamOperator.Iam;
using IamOperator.Operator;
using IamOperator.Reconciliation;
using IamOperator.Resources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace IamOperator.Tests.Operator;

/// <summary>The memory a burst over a large account leaves behind (the cold start, each drift scan) goes back to the system.</summary>
public sealed class ManagedHeapTests
{
    [Fact]
    public void Only_a_burst_over_a_thousand_entities_or_more_is_worth_a_full_compacting_collection()
    {
        var logs = new FakeLogCollector();
        var logger = new FakeLogger(logs);

        Assert.False(ManagedHeap.CompactAfterBurst("drift scan", ManagedHeap.SizeWorthCompacting - 1, "IAM entities", logger));
        Assert.Empty(logs.GetSnapshot());
        var fullCollections = GC.CollectionCount(GC.MaxGeneration);

        Assert.True(ManagedHeap.CompactAfterBurst("drift scan", ManagedHeap.SizeWorthCompacting, "IAM entities", logger));

        Assert.True(GC.CollectionCount(GC.MaxGeneration) > fullCollections);
        var compacted = Assert.Single(logs.GetSnapshot());
        Assert.StartsWith("After the drift scan (1000 IAM entities): compacted the managed heap, committed ", compacted.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_operator_compacts_its_heap_once_the_cold_start_snapshot_of_a_large_account_is_let_go()
    {
        await using var account = await EmbeddedIam.StartAsync();
        await CreateUsersAsync(account.Iam, ManagedHeap.SizeWorthCompacting);
        using var host = new LoggedRuntime(account.Iam, new InMemoryKubernetesApi());
        var (runtime, time, logs) = (host.Runtime, host.Time, host.Logs);
        Assert.NotNull(await runtime.ColdStart.ForFirstReconcileAsync("IamUser/team/alice", default));

        time.Advance(ColdStartSnapshot.MaxAge - TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(logs.GetSnapshot(), r => r.Category == typeof(ManagedHeap).FullName);
        time.Advance(TimeSpan.FromSeconds(2));

        var compacted = Assert.Single(logs.GetSnapshot(), r => r.Category == typeof(ManagedHeap).FullName);
        Assert.StartsWith("After the cold start's account snapshot (1000 IAM entities): compacted the managed heap", compacted.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_periodic_drift_scan_announces_how_many_entities_it_read_once_it_is_over()
    {
        await using var account = await EmbeddedIam.StartAsync();
        await CreateUsersAsync(account.Iam, 3);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var noResources = new InformerResourceLookup((_, _) => null, (_, _) => null);
        var scanner = new DriftScanner(account.Iam, [], () => true, new ReconcileSettings { OwnerId = "test-cluster" }, noResources,
            TimeSpan.FromMinutes(5), time, NullLogger<DriftScanner>.Instance);
        var announcements = System.Threading.Channels.Channel.CreateUnbounded<int>();
        scanner.Scanned += entities => announcements.Writer.TryWrite(entities);
        using var stop = new CancellationTokenSource();
        var running = scanner.RunAsync(stop.Token);

        // The clock moves a minute at a time until the scan due every five has announced itself.
        async Task<int> NextScanAsync()
        {
            var next = announcements.Reader.ReadAsync().AsTask();
            for (var minutes = 0; !next.IsCompleted && minutes < 1_000; minutes++)
            {
                time.Advance(TimeSpan.FromMinutes(1));
                await Task.WhenAny(next, Task.Delay(20));
            }

            return await next.WaitAsync(TimeSpan.FromSeconds(30));
        }

        var first = await NextScanAsync();
        await CreateUsersAsync(account.Iam, 2, "later");
        var second = await NextScanAsync();
        await stop.CancelAsync();
        await running;

        Assert.Equal((3, 5), (first, second));
    }

    [Fact]
    public async Task Every_replica_compacts_its_heap_after_a_burst_of_a_thousand_cache_changes_or_more()
    {
        await using var account = await EmbeddedIam.StartAsync();
        var kubernetes = new InMemoryKubernetesApi();
        using var host = new LoggedRuntime(account.Iam, kubernetes);
        var (runtime, time, logs) = (host.Runtime, host.Time, host.Logs);
        using var stop = new CancellationTokenSource();
        // Only the cache, as on a replica that does not lead: no reconcile, no cold start, no drift scan.
        var cache = runtime.Users.RunCacheAsync(stop.Token);
        for (var i = 0; i < ManagedHeap.SizeWorthCompacting; i++)
        {
            await kubernetes.CreateAsync(IamResourceKinds.User, new IamUser { Metadata = new() { Name = $"user-{i}", NamespaceProperty = "team" } }, default);
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (runtime.Users.Informer.Items.Count < ManagedHeap.SizeWorthCompacting && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.Equal(ManagedHeap.SizeWorthCompacting, runtime.Users.Informer.Items.Count);

        time.Advance(CacheBurstWatch.QuietPeriod);

        var compacted = Assert.Single(logs.GetSnapshot(), r => r.Category == typeof(ManagedHeap).FullName);
        Assert.StartsWith("After the burst of cache changes (1000 changes): compacted the managed heap", compacted.Message, StringComparison.Ordinal);
        await stop.CancelAsync();
        await cache;
    }

    /// <summary>The operator's runtime on a fake clock, its logs (Debug and up) collected.</summary>
    private sealed class LoggedRuntime : IDisposable
    {
        private readonly ILoggerFactory loggerFactory;

        public LoggedRuntime(IIamApi iam, InMemoryKubernetesApi kubernetes)
        {
            loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(new FakeLoggerProvider(Logs)));
            var options = new OperatorOptions();
            options.Controller.OwnerId = "test-cluster";
            Runtime = new IamOperatorRuntime(kubernetes, iam, options, "replica-1", Time, loggerFactory);
        }

        public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

        public FakeLogCollector Logs { get; } = new();

        public IamOperatorRuntime Runtime { get; }

        public void Dispose()
        {
            Runtime.Dispose();
            loggerFactory.Dispose();
        }
    }

    private static Task CreateUsersAsync(IIamApi iam, int count, string prefix = "user") =>
        Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, cancellationToken) => await iam.CreateUserAsync(new CreateUserRequest($"{prefix}-{i}"), cancellationToken));
}
