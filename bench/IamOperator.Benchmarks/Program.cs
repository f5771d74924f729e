using System.Diagnostics;
using IamOperator.Benchmarks;

// Benchmarks print numbers; they assert only that the work measured gave the right answer.
var name = args.Length > 0 ? args[0] : "all";
MemoryProcessBenchmark.Arguments? memoryArguments = null;
if (name == "memory-process")
{
    try
    {
        memoryArguments = MemoryProcessBenchmark.Arguments.Parse([.. args.Skip(1)]);
    }
    catch (ArgumentException e)
    {
        Console.Error.WriteLine($"memory-process: {e.Message}");
        return 2;
    }
}

var benchmarks = new Dictionary<string, Func<Task>>(StringComparer.OrdinalIgnoreCase)
{
    ["canonical"] = () => { CanonicalFormBenchmark.Run(Console.Out); return Task.CompletedTask; },
    ["planner"] = () => { PlannerBenchmark.Run(Console.Out); return Task.CompletedTask; },
    ["folder"] = () => FolderApplyBenchmark.RunAsync(Console.Out, [100, 1000]),
    ["steady"] = () => SteadyStateBenchmark.RunAsync(Console.Out),
    ["controller"] = () => ControllerThroughputBenchmark.RunAsync(Console.Out),
    // baseline [N ...]: the article's scripts, sequential, beside apply; 20 ms per call stands in for IAM's latency, scaled down.
    ["baseline"] = () => ScriptBaselineBenchmark.RunAsync(Console.Out,
        args.Length > 1 && name == "baseline" ? [.. args.Skip(1).Select(int.Parse)] : [4, 100, 1000], TimeSpan.FromMilliseconds(20)),
    // Against the emulator as `iam-operator emulator --latency 150ms --rate-limit 20`, with the operator's defaults; minutes each, not in `all`.
    ["team"] = () => IamBudgetBenchmark.TeamAsync(Console.Out, args.Length > 1 && name == "team" ? [.. args.Skip(1).Select(int.Parse)] : [100, 1000]),
    ["policies-noop"] = () => IamBudgetBenchmark.PoliciesNoOpAsync(Console.Out, 1000),
    ["coldstart"] = () => IamBudgetBenchmark.ColdStartAsync(Console.Out, 1000),
    ["memory"] = () => IamBudgetBenchmark.MemoryAsync(Console.Out, 10_000),
    // memory-process [N ...]: iam-operator run alone in its process, real CRD API server, emulator in another process; held at
    // rest once all are Ready and the cold start is over. Options: --hold DURATION (default 3m); --only image|pod|build-pod|cap
    // (one setting alone); --experiment KEY=VALUE[,KEY=VALUE] (repeatable: one more setting each, the chart's pod plus those
    // runtime variables); --pod-limit MiB instead of the chart's limit.
    ["memory-process"] = () => MemoryProcessBenchmark.RunAsync(Console.Out, memoryArguments!),
};
string[] slow = ["team", "policies-noop", "coldstart", "memory", "memory-process"];

if (name != "all" && !benchmarks.ContainsKey(name))
{
    Console.Error.WriteLine($"Unknown benchmark '{name}'. Use one of: {string.Join(", ", benchmarks.Keys)}, all.");
    return 2;
}

Console.WriteLine($"IamOperator benchmarks: {name}; .NET {Environment.Version}, {Environment.ProcessorCount} cores, {Environment.OSVersion}, " +
    $"load average {MachineLoad.Average()}, {(Debugger.IsAttached ? "debugger attached" : "no debugger")}, started {DateTimeOffset.UtcNow:u}");
var total = Stopwatch.StartNew();
foreach (var (key, run) in benchmarks.Where(b => (name == "all" && !slow.Contains(b.Key)) || b.Key.Equals(name, StringComparison.OrdinalIgnoreCase)))
{
    await run();
}

Console.WriteLine($"\nDone in {total.Elapsed.TotalSeconds:0.0} s; load average {MachineLoad.Average()}.");
return 0;

