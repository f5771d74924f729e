using System.Diagnostics;
using System.Runtime;
using System.Text.RegularExpressions;
using IamOperator.Cli;
using IamOperator.Controllers.InMemory;
using IamOperator.Hosting;
using IamOperator.Iam;
using IamOperator.Iam.Emulator;
using IamOperator.Operator;
using IamOperator.Resources;
using Microsoft.Extensions.Logging.Abstractions;

namespace IamOperator.Benchmarks;

/// <summary>
/// Benchmarks 7 to 10: the operator against an IAM as slow and as strict as the real one seen from outside
/// us-east-1 — the emulator as <c>iam-operator emulator --latency 150ms --rate-limit 20</c> starts it (150 ms per call,
/// an account-wide token bucket of 20 calls/s with a burst of 20 that answers Throttling) — with the operator's
/// default settings: the CLI as a user runs it (<c>apply -f DIR --iam-endpoint URL</c>: adaptive limiter, no rate
/// ceiling, 8 resources at once, the preflight) and the controller as <c>run</c> builds it.
/// </summary>
public static partial class IamBudgetBenchmark
{
    public static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(150);
    public const double RateLimit = 20;
    private const string OwnerId = FolderApplyBenchmark.OwnerId;

    static IamBudgetBenchmark()
    {
        // --iam-endpoint takes credentials from the AWS SDK default chain: the emulator's documentation key.
        var credential = EmulatorCredential.DocumentationExample;
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", credential.AccessKeyId);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", credential.SecretAccessKey);
        Environment.SetEnvironmentVariable("AWS_REGION", "us-east-1");
    }

    private static async Task<IamEmulatorServer> StartEmulatorAsync(IamQuotas? quotas = null) =>
        await IamEmulatorServer.StartAsync(new IamEmulatorOptions { AccountId = FolderIamConnection.EmbeddedAccountId, Quotas = quotas ?? new IamQuotas() }, 0);

    /// <summary>As <c>iam-operator emulator --latency 150ms --rate-limit 20</c> (burst: one second's worth).</summary>
    private static void SlowAndStrict(IamEmulatorServer emulator, bool on)
    {
        emulator.Faults.Latency = on ? Latency : TimeSpan.Zero;
        emulator.Faults.ThrottleBurst = (int)RateLimit;
        emulator.Faults.ThrottleRequestsPerSecond = on ? RateLimit : null;
    }

    /// <summary>
    /// 7. The article's three groups and N users, from empty: the sequential scripts, then <c>apply</c> with its
    /// defaults into a second empty account, then <c>apply</c> again (nothing to do).
    /// </summary>
    public static async Task TeamAsync(TextWriter output, IReadOnlyList<int> sizes)
    {
        var table = new Table("users", "tool", "run", "wall time", "calls answered", "throttled", "writes answered",
            "throttle bound (answered ÷ 20/s)", "wall ÷ bound", "wall ÷ sequential");
        foreach (var users in sizes)
        {
            var team = Enumerable.Range(0, users).Select(i => ($"user-{i:D4}", ScriptBaselineBenchmark.Groups[i % ScriptBaselineBenchmark.Groups.Length].Group)).ToList();
            TimeSpan sequential;
            await using (var emulator = await StartEmulatorAsync())
            {
                SlowAndStrict(emulator, on: true);
                using var iam = (IDisposable)Client(emulator);
                var clock = Stopwatch.StartNew();
                await ScriptBaselineBenchmark.ScriptsAsync((IIamApi)iam, team);
                sequential = clock.Elapsed;
                Add(table, users, "boto3 scripts, sequential", "from empty", sequential, emulator, sequential, emulator.Statistics.WriteCalls);
            }

            var folder = Path.Combine(Path.GetTempPath(), $"iam-operator-budget-{Environment.ProcessId}-{users}");
            ScriptBaselineBenchmark.WriteFolder(folder, team);
            try
            {
                await using var emulator = await StartEmulatorAsync();
                SlowAndStrict(emulator, on: true);
                foreach (var run in new[] { "from empty", "again (no change)" })
                {
                    emulator.Statistics.Reset();
                    var (elapsed, writes) = await ApplyAsync(folder, emulator);
                    if (run.StartsWith("again", StringComparison.Ordinal) && emulator.Statistics.WriteCalls > 0)
                    {
                        throw new InvalidOperationException($"the second apply wrote to IAM: {CallsByAction(emulator)}");
                    }

                    Add(table, users, "iam-operator apply (defaults)", run, elapsed, emulator, sequential, writes);
                }
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        table.WriteTo(output, $"7. The article's team (3 groups, N users): sequential scripts vs apply with its defaults; emulator {Latency.TotalMilliseconds:0} ms per call, {RateLimit:0} calls/s account-wide");
    }

    /// <summary>8. N IamPolicy already in IAM (created without faults), applied again against the slow and strict IAM.</summary>
    public static async Task PoliciesNoOpAsync(TextWriter output, int count)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"iam-operator-budget-policies-{Environment.ProcessId}");
        new GeneratedFolder(count, 0, 0, 0).WriteTo(folder);
        try
        {
            await using var emulator = await StartEmulatorAsync();
            await ApplyAsync(folder, emulator);
            if (emulator.Statistics.CallsOf("CreatePolicy") != count)
            {
                throw new InvalidOperationException($"seeding {count} policies made {CallsByAction(emulator)}");
            }

            SlowAndStrict(emulator, on: true);
            emulator.Statistics.Reset();
            var (elapsed, _) = await ApplyAsync(folder, emulator);
            if (emulator.Statistics.WriteCalls > 0)
            {
                throw new InvalidOperationException($"the no-op apply wrote to IAM: {CallsByAction(emulator)}");
            }

            new Table("IamPolicy resources", "wall time", "IAM calls", "writes", "calls by action")
                .Add(count, elapsed, emulator.Statistics.TotalCalls, emulator.Statistics.WriteCalls, CallsByAction(emulator))
                .WriteTo(output, $"8. apply of {count} IamPolicy already in sync (defaults; {Latency.TotalMilliseconds:0} ms per call, {RateLimit:0} calls/s)");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// 9. The controller (IamOperatorRuntime with default options over the in-memory Kubernetes API) starting over N
    /// custom resources whose IAM entities are already in sync (made by a folder apply under the same owner id), the
    /// resources without status as after an install: IAM calls until every resource is Ready.
    /// </summary>
    public static async Task ColdStartAsync(TextWriter output, int size)
    {
        var generated = GeneratedFolder.Of(size);
        await using var emulator = await StartEmulatorAsync();
        await SeedAsync(generated, emulator);
        SlowAndStrict(emulator, on: true);
        emulator.Statistics.Reset();
        var (elapsed, ready, _) = await RunControllerAsync(generated, emulator, afterReady: null);
        new Table("resources", "time to all Ready", "Ready", "IAM calls", "writes", "throttled", "calls by action")
            .Add(generated.Describe(), elapsed, $"{ready}/{generated.Count}", emulator.Statistics.TotalCalls, emulator.Statistics.WriteCalls,
                emulator.Statistics.ThrottledCalls, CallsByAction(emulator))
            .WriteTo(output, $"9. Controller cold start over resources already in sync (default options; {Latency.TotalMilliseconds:0} ms per call, {RateLimit:0} calls/s)");
    }

    /// <summary>
    /// 10. The controller holding N custom resources, every one Ready (their IAM entities made beforehand by a folder
    /// apply, in an emulated account whose quotas are raised to hold them): the process's resident set after a full,
    /// compacting garbage collection with the informer caches full, and how much of the managed heap the runtime added.
    /// </summary>
    public static async Task MemoryAsync(TextWriter output, int size)
    {
        var start = Settle();
        var generated = GeneratedFolder.Large(size);
        await using var emulator = await StartEmulatorAsync(generated.QuotasToHoldIt());
        await SeedAsync(generated, emulator);
        var before = Settle();
        emulator.Statistics.Reset();
        (long Rss, long Heap) after = default;
        var (elapsed, ready, _) = await RunControllerAsync(generated, emulator, afterReady: () => after = Settle());
        new Table("custom resources", "Ready", "time to all Ready", "IAM calls", "process RSS", "managed heap", "RSS before the runtime",
                "added by the runtime: RSS", "added by the runtime: managed heap", "RSS of this process at its start")
            .Add(generated.Describe(), $"{ready}/{generated.Count}", elapsed, emulator.Statistics.TotalCalls, Megabytes(after.Rss), Megabytes(after.Heap),
                Megabytes(before.Rss), Megabytes(after.Rss - before.Rss), Megabytes(after.Heap - before.Heap), Megabytes(start.Rss))
            .WriteTo(output, $"10. Controller memory holding {size:N0} custom resources (RSS from /proc/self/status after GC.Collect(2, Aggressive, compacting); the process also holds the emulator and the in-memory API server)");
    }

    private static string Megabytes(long bytes) => $"{bytes / 1024.0 / 1024.0:0} MB";

    /// <summary>A full, compacting, aggressive collection (which returns freed memory to the OS), then the resident set and the managed heap.</summary>
    private static (long Rss, long Heap) Settle()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var rss = File.ReadLines("/proc/self/status").Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024).Single();
        return (rss, GC.GetTotalMemory(forceFullCollection: false));
    }

    /// <summary>The entities of <paramref name="generated"/> made in IAM by a folder apply under the controller's owner id, without faults.</summary>
    private static async Task SeedAsync(GeneratedFolder generated, IamEmulatorServer emulator)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"iam-operator-budget-seed-{Environment.ProcessId}");
        generated.WriteTo(folder);
        try
        {
            SlowAndStrict(emulator, on: false);
            await ApplyAsync(folder, emulator);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<(TimeSpan Elapsed, int Ready, int Total)> RunControllerAsync(GeneratedFolder generated, IamEmulatorServer emulator, Action? afterReady)
    {
        using var iam = (IDisposable)Client(emulator);
        var options = new OperatorOptions();
        options.Controller.OwnerId = OwnerId;
        options.LeaderElection.LeaseNamespace = "iam-operator-system";
        var kubernetes = new InMemoryKubernetesApi();
        foreach (var resource in generated.Load().Resources)
        {
            await (resource switch
            {
                IamPolicy p => kubernetes.CreateAsync(IamResourceKinds.Policy, p, CancellationToken.None),
                IamGroup g => kubernetes.CreateAsync(IamResourceKinds.Group, g, CancellationToken.None),
                IamUser u => kubernetes.CreateAsync(IamResourceKinds.User, u, CancellationToken.None),
                IamServiceRole r => (Task)kubernetes.CreateAsync(IamResourceKinds.ServiceRole, r, CancellationToken.None),
                _ => throw new InvalidOperationException($"not one of the four kinds: {resource.Kind}"),
            });
        }

        var clock = Stopwatch.StartNew();
        using var runtime = new IamOperatorRuntime(kubernetes, (IIamApi)iam, options, "bench-replica", TimeProvider.System, NullLoggerFactory.Instance);
        using var stop = new CancellationTokenSource();
        var running = runtime.RunAsync(stop.Token);
        var deadline = TimeSpan.FromMinutes(10);
        int ready;
        while ((ready = CountReady(runtime)) < generated.Count && clock.Elapsed < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        var elapsed = clock.Elapsed;
        afterReady?.Invoke();
        await stop.CancelAsync();
        await running;
        return (elapsed, ready, generated.Count);
    }

    private static int CountReady(IamOperatorRuntime runtime) =>
        runtime.Policies.Informer.Items.Count(r => r.IsReadyAtGeneration()) + runtime.Groups.Informer.Items.Count(r => r.IsReadyAtGeneration())
        + runtime.Users.Informer.Items.Count(r => r.IsReadyAtGeneration()) + runtime.ServiceRoles.Informer.Items.Count(r => r.IsReadyAtGeneration());

    /// <summary>An IAM client with the defaults (no rate ceiling: the adaptive limiter), signed with the emulator's key.</summary>
    private static IIamApi Client(IamEmulatorServer emulator)
    {
        var credential = EmulatorCredential.DocumentationExample;
        return IamClientFactory.Create(new IamClientOptions
        {
            Endpoint = emulator.Endpoint,
            Credentials = new StaticIamCredentials(credential.AccessKeyId, credential.SecretAccessKey),
        });
    }

    /// <summary>
    /// <c>iam-operator apply -f FOLDER --iam-endpoint URL --owner-id bench-cluster</c> in this process, every other
    /// setting its default; checks that it succeeded and that its own "N IAM call(s)" line agrees with the emulator.
    /// </summary>
    /// <returns>The wall time and the writes apply reports (the emulator counts throttled attempts among its writes).</returns>
    private static async Task<(TimeSpan Elapsed, int Writes)> ApplyAsync(string folder, IamEmulatorServer emulator)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var clock = Stopwatch.StartNew();
        var exitCode = await CliApplication.InvokeAsync(CliApplication.CreateRoot(),
            ["apply", "-f", folder, "--iam-endpoint", emulator.Endpoint.ToString(), "--owner-id", OwnerId],
            new System.CommandLine.InvocationConfiguration { Output = output, Error = error });
        var elapsed = clock.Elapsed;
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"apply exited {exitCode}: {error}\n{output.ToString()[^Math.Min(2000, output.ToString().Length)..]}");
        }

        var counted = CallCountLine().Match(output.ToString());
        if (!counted.Success || int.Parse(counted.Groups["calls"].Value, System.Globalization.CultureInfo.InvariantCulture) != emulator.Statistics.TotalCalls - emulator.Statistics.ThrottledCalls)
        {
            Console.Error.WriteLine($"note: apply said '{counted.Value}', the emulator answered {emulator.Statistics.TotalCalls - emulator.Statistics.ThrottledCalls} calls ({emulator.Statistics.ThrottledCalls} throttled)");
        }

        return (elapsed, counted.Success ? int.Parse(counted.Groups["writes"].Value, System.Globalization.CultureInfo.InvariantCulture) : -1);
    }

    private static void Add(Table table, int users, string tool, string run, TimeSpan elapsed, IamEmulatorServer emulator, TimeSpan sequential, int writes)
    {
        var stats = emulator.Statistics;
        var answered = stats.TotalCalls - stats.ThrottledCalls;
        var bound = TimeSpan.FromSeconds(answered / RateLimit);
        table.Add(users, tool, run, elapsed, answered, stats.ThrottledCalls, writes, bound,
            elapsed / bound, elapsed / sequential);
    }

    private static string CallsByAction(IamEmulatorServer emulator) =>
        string.Join(", ", emulator.Statistics.CallsByAction.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}"));

    [GeneratedRegex(@"(?<calls>\d+) IAM call\(s\), (?<writes>\d+) write\(s\)\.")]
    private static partial Regex CallCountLine();
}
