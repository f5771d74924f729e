using System.Diagnostics;
using IamOperator.Controllers.InMemory;
using IamOperator.Hosting;
using IamOperator.Iam;
using IamOperator.Iam.Emulator;
using IamOperator.Operator;
using IamOperator.Resources;
using Microsoft.Extensions.Logging.Abstractions;

namespace IamOperator.Benchmarks;

/// <summary>
/// Benchmark 5: the operator as it runs in a cluster (IamOperatorRuntime over the in-memory Kubernetes API),
/// 500 resources created at once, IAM throttling at a fixed rate: time until every resource is Ready, IAM calls
/// and throttles met — with the client paced below IAM's rate, and with the client not paced at all.
/// </summary>
public static class ControllerThroughputBenchmark
{
    public static async Task RunAsync(TextWriter output, int size = 500, double throttle = 200, int throttleBurst = 20)
    {
        var generated = GeneratedFolder.Of(size);
        var table = new Table("client pacing", "resources", "time to all Ready", "resources/s", "IAM calls", "calls/resource", "writes", "throttles met", "Ready");
        foreach (var (pacing, rate, burst) in new (string, double, int)[]
        {
            ($"{throttle * 0.9:0}/s, burst {throttleBurst} (below IAM's rate)", throttle * 0.9, throttleBurst),
            ("none (5,000/s)", 5_000, 1_000),
        })
        {
            var (elapsed, ready, calls, writes, throttled) = await RunOnceAsync(generated, throttle, throttleBurst, rate, burst);
            table.Add(pacing, size, elapsed, ready / elapsed.TotalSeconds, calls, (double)calls / size, writes, throttled, $"{ready}/{size}");
        }

        table.WriteTo(output, $"5. Controller throughput: {generated.Describe()} created at once; emulator throttles at {throttle:0} calls/s (burst {throttleBurst}); 4 concurrent reconciles per kind");
    }

    private static async Task<(TimeSpan Elapsed, int Ready, int Calls, int Writes, int Throttled)> RunOnceAsync(
        GeneratedFolder generated, double throttle, int throttleBurst, double clientRate, int clientBurst)
    {
        await using var emulator = await IamEmulatorServer.StartAsync(new IamEmulatorOptions(), 0);
        emulator.Faults.ThrottleRequestsPerSecond = throttle;
        emulator.Faults.ThrottleBurst = throttleBurst;
        var credential = EmulatorCredential.DocumentationExample;
        var iam = IamClientFactory.Create(new IamClientOptions
        {
            Endpoint = emulator.Endpoint,
            Credentials = new StaticIamCredentials(credential.AccessKeyId, credential.SecretAccessKey),
            RequestsPerSecond = clientRate,
            Burst = clientBurst,
        });
        var options = new OperatorOptions();
        options.Controller.OwnerId = FolderApplyBenchmark.OwnerId;
        options.Controller.DriftScanPeriod = TimeSpan.Zero;
        options.LeaderElection.LeaseNamespace = "iam-operator-system";
        var kubernetes = new InMemoryKubernetesApi();
        using var runtime = new IamOperatorRuntime(kubernetes, iam, options, "bench-replica", TimeProvider.System, NullLoggerFactory.Instance);
        using var stop = new CancellationTokenSource();
        var running = runtime.RunAsync(stop.Token);

        var clock = Stopwatch.StartNew();
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

        var deadline = TimeSpan.FromMinutes(2);
        var ready = 0;
        while ((ready = CountReady(runtime)) < generated.Count && clock.Elapsed < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }

        var elapsed = clock.Elapsed;
        var stats = emulator.Statistics;
        var result = (elapsed, ready, stats.TotalCalls, stats.WriteCalls, stats.ThrottledCalls);
        await stop.CancelAsync();
        await running;
        return result;
    }

    private static int CountReady(IamOperatorRuntime runtime) =>
        runtime.Policies.Informer.Items.Count(IsReady) + runtime.Groups.Informer.Items.Count(IsReady)
        + runtime.Users.Informer.Items.Count(IsReady) + runtime.ServiceRoles.Informer.Items.Count(IsReady);

    private static bool IsReady(IIamResource resource) =>
        resource.Status is { } status
        && status.ObservedGeneration == resource.Metadata.Generation
        && status.Conditions?.Any(c => c.Type == ConditionTypes.Ready && c.Status == "True") == true;
}
