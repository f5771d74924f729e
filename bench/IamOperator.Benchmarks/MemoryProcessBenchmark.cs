using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using IamOperator.ApiServer.Tests.Fixture;
using IamOperator.Cli;
using IamOperator.Controllers;
using IamOperator.Iam.Emulator;
using IamOperator.Operator;
using IamOperator.Resources;
using IamOperator.Testing;
using k8s;

namespace IamOperator.Benchmarks;

/// <summary>
/// 10b. Issue 12's "the controller holding 10,000 custom resources: &lt; 250 MB RSS", measured on the operator alone:
/// the real binary (<c>iam-operator run</c>, published as the Dockerfile publishes it, and for comparison the plain build
/// output beside this benchmark) as a process of its own, in a memory cgroup limited as the chart limits its pod (where
/// the machine allows: root and a memory controller), against
/// the real CRD API server (apiextensions-apiserver + etcd, started as the real-apiserver tests start it) and the IAM
/// emulator as another process (<c>iam-operator emulator</c>, its account quotas raised to hold the entities). Nothing
/// else runs in the measured process. Its resident set is read from <c>/proc/PID/status</c> once a second.
/// </summary>
/// <remarks>
/// The IAM entities are made first by <c>iam-operator apply</c> (a third process) under the operator's owner id, and
/// the custom resources are created without status before the operator starts: the operator's cold start over a
/// cluster and an account already in sync, as after an upgrade or a restart of its pod. "Holding" is measured at rest:
/// the hold starts once all are Ready and the cold start is over (its snapshot of the account is let go
/// <see cref="ColdStartSnapshot.MaxAge"/> after the operator's first reconcile; 30 s are allowed past that), and
/// reports the median resident set over the hold with its range. The drift scan runs every minute (default 5m) so
/// that the hold sees several bulk reads of the account, the steady state's largest allocation, which the range shows.
/// </remarks>
public static partial class MemoryProcessBenchmark
{
    public const string OwnerId = FolderApplyBenchmark.OwnerId;
    public const double GoalMegabytes = 250;
    private const string LeaseNamespace = "iam-operator-system";
    private static readonly TimeSpan DriftScanPeriod = TimeSpan.FromMinutes(1);

    /// <summary>The benchmark's command line: sizes, how long to hold, and which settings of the operator's process.</summary>
    public sealed record Arguments(IReadOnlyList<int> Sizes, TimeSpan Hold, string? Only, IReadOnlyList<IReadOnlyDictionary<string, string>> Experiments, int? PodLimitMib)
    {
        public static Arguments Parse(IReadOnlyList<string> args)
        {
            var sizes = new List<int>();
            var hold = TimeSpan.FromMinutes(3);
            string? only = null;
            int? podLimit = null;
            var experiments = new List<IReadOnlyDictionary<string, string>>();
            for (var k = 0; k < args.Count; k++)
            {
                string Value() => k + 1 < args.Count ? args[++k] : throw new ArgumentException($"{args[k]} needs a value");
                switch (args[k])
                {
                    case "--hold":
                        var text = Value();
                        hold = GoDuration.TryParse(text, out var parsed) ? parsed : throw new ArgumentException($"--hold: not a duration: {text}");
                        break;
                    case "--only":
                        only = Value() is "image" or "pod" or "build-pod" or "cap" ? args[k] : throw new ArgumentException("--only: one of image, pod, build-pod, cap");
                        break;
                    case "--pod-limit":
                        var mib = Value();
                        podLimit = int.TryParse(mib.EndsWith("Mi", StringComparison.Ordinal) ? mib[..^2] : mib, CultureInfo.InvariantCulture, out var limit) && limit > 0
                            ? limit : throw new ArgumentException($"--pod-limit: not a size in Mi: {mib}");
                        break;
                    case "--experiment":
                        experiments.Add(Value().Split(',').Select(p => p.Split('=', 2)).ToDictionary(
                            p => p[0], p => p.Length == 2 ? p[1] : throw new ArgumentException($"--experiment: not KEY=VALUE: {p[0]}")));
                        break;
                    default:
                        sizes.Add(int.TryParse(args[k], CultureInfo.InvariantCulture, out var size) && size > 0 ? size : throw new ArgumentException($"not a size or an option: {args[k]}"));
                        break;
                }
            }

            return new Arguments(sizes.Count > 0 ? sizes : [10_000], hold, only, experiments, podLimit);
        }
    }

    public static async Task RunAsync(TextWriter output, Arguments arguments)
    {
        var (sizes, hold) = (arguments.Sizes, arguments.Hold);
        // In a container with a memory limit the runtime caps its GC heap at 75% of it (GCHeapHardLimit's default);
        // outside one it must be told. The chart's limit is read from its values, so the two cannot drift apart.
        var chartLimit = arguments.PodLimitMib ?? ChartMemoryLimitMib();
        var heapLimit = chartLimit * 1024L * 1024 * 3 / 4;
        var limitBytes = chartLimit * 1024L * 1024;
        var image = await PublishAsImageAsync();
        var build = BuildOutput();
        var noLimit = new Setting("image", "the image's build (ReadyToRun), no limit", image, new Dictionary<string, string>(), null);
        var podName = arguments.PodLimitMib is null ? "the chart's pod" : "a pod limited by --pod-limit";
        var pod = new Setting("pod", $"the image's build in {podName}: a memory cgroup of {chartLimit}Mi", image, new Dictionary<string, string>(), limitBytes);
        var buildPod = new Setting("build-pod", $"dotnet build's output (JIT, no ReadyToRun) in the same pod", build, new Dictionary<string, string>(), limitBytes);
        // Without cgroups (not root, not Linux): the heap cap the runtime would set in that pod, without the kernel's limit.
        var cap = new Setting("cap", $"the image's build with the chart's {chartLimit}Mi as the runtime's heap cap only: GC heap ≤ {heapLimit / 1024 / 1024} MiB",
            image, new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = $"0x{heapLimit:X}" }, null);
        var podPossible = MemoryCgroup.TryCreate($"iam-operator-bench-probe-{Environment.ProcessId}", limitBytes, out var noCgroup);
        podPossible?.Dispose();
        List<Setting> settings = podPossible is null ? [noLimit, cap] : [noLimit, pod, buildPod];
        if (arguments.Only == "cap")
        {
            settings.Add(cap);
        }

        if (arguments.Only is { } only)
        {
            settings = [.. settings.Where(s => s.Key == only).Distinct()];
        }

        // An experiment is the chart's pod (else, or with --only cap, its heap cap) with more runtime variables.
        var experimentBase = podPossible is null || arguments.Only == "cap" ? cap : pod;
        foreach (var experiment in arguments.Experiments)
        {
            settings.Add(experimentBase with
            {
                Key = "experiment",
                Name = $"{experimentBase.Name}, and {string.Join(", ", experiment.Select(e => $"{e.Key}={e.Value}"))}",
                Environment = new Dictionary<string, string>(experimentBase.Environment.Concat(experiment)),
            });
        }

        if (podPossible is null)
        {
            Console.Error.WriteLine($"No memory cgroup for the chart's pod setting ({noCgroup}); it is left out.");
        }

        var table = new Table("custom resources", "operator process", "Ready (listed)", "time to all Ready", "IAM calls (to Ready / in all)", "account pages read in the hold",
            "VmRSS at all Ready", $"VmRSS at rest: median (min–max) over {hold.TotalSeconds:0} s", "VmRSS at the end: anon + file + shmem", "GC heap at the end: live after the last GC / committed",
            "VmHWM (peak since start)", "cgroup: peak charge, OOM kills", "goal", "at rest: met", "drift scans included: met", "peak: met");
        var notes = new List<string>();
        foreach (var size in sizes)
        {
            foreach (var setting in settings)
            {
                try
                {
                    notes.Add(await MeasureAsync(table, size, hold, setting));
                }
                catch (Exception e) when (e is InvalidOperationException or TimeoutException)
                {
                    // One setting failing (e.g. OOM-killed in its cgroup) is a result; the others still run.
                    Console.Error.WriteLine($"{setting.Name}: {e.Message}");
                    table.Add($"{size} resources", setting.Name, $"failed: {e.Message.Split(Environment.NewLine)[0]}", "", "", "", "", "", "", "", "", "", "", "", "", "");
                }
            }
        }

        table.WriteTo(output, $"10b. iam-operator run in a process of its own holding N custom resources (real CRD API server + etcd, IAM emulator in another process; /proc/PID/status once a second; drift scan every {DriftScanPeriod.TotalMinutes:0} min)");
        output.WriteLine();
        foreach (var note in notes.Distinct())
        {
            output.WriteLine(note);
        }

        output.WriteLine($"The operator's GC: workstation, concurrent (its runtimeconfig's default); on this machine its gen0 budget is up to {GC.GetConfigurationVariables().GetValueOrDefault("GCGen0MaxBudget"):N0} bytes, derived from the CPU's last-level cache (read in this benchmark's process, which has the same GC settings). The GC heap columns are the operator's own metrics (dotnet_gc_last_collection_heap_size_bytes, summed over generations, and dotnet_gc_last_collection_memory_committed_size_bytes); the cgroup column is the kernel's charge to the pod's cgroup (memory.max_usage_in_bytes or memory.peak) and its OOM kills.");
    }

    /// <summary>The memory limit of the operator's container in the Helm chart's values (resources.limits.memory, in Mi).</summary>
    private static int ChartMemoryLimitMib()
    {
        var values = File.ReadAllText(RepositoryRoot.Combine("charts", "iam-operator", "values.yaml"));
        var match = ChartLimit().Match(values);
        return match.Success ? int.Parse(match.Groups["mib"].Value, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException("charts/iam-operator/values.yaml has no resources.limits.memory in Mi");
    }

    /// <summary>One way to run the operator's process: which binary, runtime variables, and the memory limit of a cgroup of its own.</summary>
    private sealed record Setting(string Key, string Name, string Binary, IReadOnlyDictionary<string, string> Environment, long? CgroupLimit);

    /// <summary>The operator as the image has it: published for this machine's runtime, so the project's ReadyToRun applies.</summary>
    private static async Task<string> PublishAsImageAsync()
    {
        var output = Path.Combine(AppContext.BaseDirectory, "operator-as-image");
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                "publish", RepositoryRoot.Combine("src", "IamOperator", "IamOperator.csproj"), "--configuration", "Release",
                "-r", System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier, "--no-self-contained", "--output", output,
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Console.Error.WriteLine($"publishing the operator as the Dockerfile does: dotnet {string.Join(' ', info.ArgumentList)}");
        using var publish = Process.Start(info) ?? throw new InvalidOperationException("cannot start dotnet publish");
        var log = publish.StandardOutput.ReadToEndAsync();
        var errors = await publish.StandardError.ReadToEndAsync();
        await publish.WaitForExitAsync();
        if (publish.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish failed ({publish.ExitCode}):{Environment.NewLine}{await log}{errors}");
        }

        return Path.Combine(output, OperatingSystem.IsWindows() ? "iam-operator.exe" : "iam-operator");
    }

    /// <summary>The operator's build output beside the benchmark (no runtime named, so compiled by the JIT as it runs).</summary>
    private static string BuildOutput() => Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "iam-operator.exe" : "iam-operator");

    private static async Task<string> MeasureAsync(Table table, int size, TimeSpan hold, Setting setting)
    {
        var environment = setting.Environment;
        var binary = setting.Binary;
        if (!File.Exists(binary) || !File.Exists("/proc/self/status"))
        {
            throw new InvalidOperationException($"needs Linux (/proc) and the operator's binary: {binary}");
        }

        // The operator, apply and the emulator take the emulator's documentation key from the SDK's default chain.
        var credential = EmulatorCredential.DocumentationExample;
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", credential.AccessKeyId);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", credential.SecretAccessKey);
        Environment.SetEnvironmentVariable("AWS_REGION", "us-east-1");
        if (Environment.GetEnvironmentVariables().Keys.Cast<string>().FirstOrDefault(k => k.StartsWith("DOTNET_GC", StringComparison.OrdinalIgnoreCase)) is { } gcVariable)
        {
            throw new InvalidOperationException($"{gcVariable} is set: the operator would not run with its own GC settings");
        }

        var generated = GeneratedFolder.Large(size);
        var clock = Stopwatch.StartNew();
        void Step(string what) => Console.Error.WriteLine($"[{clock.Elapsed:mm\\:ss}] {what} (load average {MachineLoad.Average()})");

        Step("starting etcd and apiextensions-apiserver");
        await using var apiServer = await RealApiServer.StartAsync();
        await apiServer.InstallCrdsAsync(RepositoryRoot.Combine("config", "crd"));
        // This server serves no coordination.k8s.io: the tests' Lease-shaped CRD stands in, so leader election runs as deployed.
        foreach (var crd in KubernetesYaml.LoadAllFromString(await File.ReadAllTextAsync(
            RepositoryRoot.Combine("tests", "IamOperator.ApiServer.Tests", "TestCrds", "leases.coordination.k8s.io.yaml"))).OfType<k8s.Models.V1CustomResourceDefinition>())
        {
            await apiServer.InstallCrdAsync(crd);
        }

        var quotas = generated.QuotasToHoldIt();
        var emulator = ServerProcess.Start("emulator", binary,
        [
            "emulator", "--port", "0",
            "--quota", $"users={quotas.Users}", "--quota", $"groups={quotas.Groups}", "--quota", $"roles={quotas.Roles}",
            "--quota", $"instance-profiles={quotas.InstanceProfiles}", "--quota", $"customer-managed-policies={quotas.CustomerManagedPolicies}",
        ]);
        ServerProcess? running = null;
        MemoryCgroup? cgroup = null;
        try
        {
            var iamEndpoint = await WaitForEndpointAsync(emulator);
            Step($"IAM emulator at {iamEndpoint}; seeding {generated.Count:N0} entities with iam-operator apply");
            var folder = Path.Combine(Path.GetTempPath(), $"iam-operator-memory-{Environment.ProcessId}");
            generated.WriteTo(folder);
            try
            {
                var apply = ServerProcess.Start("apply", binary, ["apply", "-f", folder, "--iam-endpoint", iamEndpoint.ToString(), "--owner-id", OwnerId]);
                var exitCode = await WaitForExitAsync(apply, TimeSpan.FromMinutes(30));
                if (exitCode != 0)
                {
                    throw new InvalidOperationException($"apply exited {exitCode}:{Environment.NewLine}{apply.Tail()}");
                }

                Step("apply: " + (CallCountLine().Match(apply.Tail()) is { Success: true } m ? m.Value : "done"));
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }

            Step($"creating {generated.Count:N0} custom resources (no status) through the API server");
            using var client = apiServer.CreateClient();
            var api = new KubernetesClientApi(client);
            await Parallel.ForEachAsync(generated.Load().Resources, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (resource, ct) =>
                await (resource switch
                {
                    IamPolicy p => api.CreateAsync(IamResourceKinds.Policy, p, ct),
                    IamGroup g => api.CreateAsync(IamResourceKinds.Group, g, ct),
                    IamUser u => api.CreateAsync(IamResourceKinds.User, u, ct),
                    IamServiceRole r => (Task)api.CreateAsync(IamResourceKinds.ServiceRole, r, ct),
                    _ => throw new InvalidOperationException($"not one of the four kinds: {resource.Kind}"),
                }));
            var (created, _) = await CountReadyAsync(api);
            if (created != generated.Count)
            {
                throw new InvalidOperationException($"the API server holds {created} of the {generated.Count} custom resources created");
            }

            var healthPort = FreePort();
            var arguments = new List<string>
            {
                "run", "--kubeconfig", apiServer.KubeconfigPath, "--owner-id", OwnerId, "--iam-endpoint", iamEndpoint.ToString(),
                "--health-address", "127.0.0.1", "--health-port", healthPort.ToString(CultureInfo.InvariantCulture),
                "--lease-namespace", LeaseNamespace, "--drift-scan-period", $"{DriftScanPeriod.TotalSeconds:0}s",
            };
            Step($"starting ({setting.Name}): {string.Join(' ', environment.Select(e => $"{e.Key}={e.Value}"))} iam-operator {string.Join(' ', arguments.Where(a => !a.Contains("kubeconfig", StringComparison.Ordinal)))}");
            if (setting.CgroupLimit is { } limit)
            {
                cgroup = MemoryCgroup.TryCreate($"iam-operator-bench-{Environment.ProcessId}-{size}", limit, out var whyNot)
                    ?? throw new InvalidOperationException($"no memory cgroup: {whyNot}");
                var (program, wrapped) = cgroup.Wrap(binary, arguments);
                running = ServerProcess.Start("operator", program, wrapped, environment);
            }
            else
            {
                running = ServerProcess.Start("operator", binary, arguments, environment);
            }

            var pid = running.Id;
            using var sampler = new RssSampler(pid);
            var started = Stopwatch.StartNew();
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{healthPort}/"), Timeout = TimeSpan.FromSeconds(30) };

            // The operator's gauge iamoperator_resources{ready="true"} is cheap to poll; the API server's lists decide.
            var deadline = TimeSpan.FromMinutes(40);
            int ready = 0, total = 0;
            var lastReport = TimeSpan.Zero;
            while (true)
            {
                if (running.HasExited)
                {
                    throw new InvalidOperationException($"the operator exited with {running.ExitCode}{OomNote(cgroup)} after {started.Elapsed.TotalSeconds:0} s:{Environment.NewLine}{running.Tail()}");
                }

                var metrics = await ScrapeAsync(http);
                var readyInCache = metrics is null ? 0 : Sum(metrics, "iamoperator_resources", "ready=\"true\"");
                if (readyInCache >= generated.Count)
                {
                    (total, ready) = await CountReadyAsync(api);
                    if (ready == generated.Count)
                    {
                        break;
                    }
                }

                if (started.Elapsed > deadline)
                {
                    throw new TimeoutException($"{readyInCache} of {generated.Count} Ready in the operator's cache after {deadline}:{Environment.NewLine}{running.Tail()}");
                }

                if (started.Elapsed - lastReport > TimeSpan.FromSeconds(30))
                {
                    lastReport = started.Elapsed;
                    Step($"{readyInCache:N0} Ready in the operator's cache, RSS {Mib(sampler.Current.Rss)}");
                }

                await Task.Delay(TimeSpan.FromSeconds(2));
            }

            var timeToReady = started.Elapsed;
            var atReady = sampler.Current;
            var metricsAtReady = await ScrapeAsync(http) ?? "";
            var callsAtReady = Sum(metricsAtReady, "iamoperator_iam_calls_total", "");
            // At rest means after the cold start: the operator lets its snapshot of the account go ColdStartSnapshot.MaxAge
            // after reading it (at its first reconcile, just after it starts) and then compacts its heap.
            var coldStartOver = ColdStartSnapshot.MaxAge + TimeSpan.FromSeconds(30) - started.Elapsed;
            Step($"all {ready:N0} Ready at their generation after {timeToReady.TotalSeconds:0} s; RSS {Mib(atReady.Rss)}; " +
                $"waiting {Math.Max(0, coldStartOver.TotalSeconds):0} s for the end of the cold start, then holding {hold.TotalSeconds:0} s");
            if (coldStartOver > TimeSpan.Zero)
            {
                await Task.Delay(coldStartOver);
            }

            var accountReadsAtRest = Sum(await ScrapeAsync(http) ?? "", "iamoperator_iam_calls_total", "action=\"GetAccountAuthorizationDetails\"");
            sampler.ResetWindow();
            await Task.Delay(hold);
            if (running.HasExited)
            {
                throw new InvalidOperationException($"the operator exited with {running.ExitCode}{OomNote(cgroup)} while holding:{Environment.NewLine}{running.Tail()}");
            }

            var atEnd = sampler.Current;
            var window = sampler.Window;
            var metricsAtEnd = await ScrapeAsync(http) ?? "";
            var accountReadsInHold = Sum(metricsAtEnd, "iamoperator_iam_calls_total", "action=\"GetAccountAuthorizationDetails\"") - accountReadsAtRest;
            var driftCorrections = Sum(metricsAtEnd, "iamoperator_drift_corrections_total", "");
            var calls = Sum(metricsAtEnd, "iamoperator_iam_calls_total", "");
            (total, ready) = await CountReadyAsync(api);
            if (total != generated.Count || ready != generated.Count)
            {
                throw new InvalidOperationException($"after the hold {ready} of {total} are Ready at their generation (expected {generated.Count})");
            }

            if (accountReadsInHold < 1)
            {
                throw new InvalidOperationException($"no drift scan read the account during the {hold} hold (drift scan every {DriftScanPeriod}); hold longer");
            }

            var goal = GoalMegabytes * 1_000_000;
            var heapLive = Value(metricsAtEnd, "dotnet_gc_last_collection_heap_size_bytes");
            var heapCommitted = Value(metricsAtEnd, "dotnet_gc_last_collection_memory_committed_size_bytes");
            table.Add(generated.Describe(), setting.Name, $"{ready}/{generated.Count}", timeToReady, $"{callsAtReady:0} / {calls:0}", $"{accountReadsInHold:0} ({driftCorrections:0} drift corrections)",
                Mib(atReady.Rss), $"{Mib(window.MedianRss)} ({Mib(window.MinRss)}–{Mib(window.MaxRss)})", $"{Mib(atEnd.Rss)}: {Mib(atEnd.RssAnon)} + {Mib(atEnd.RssFile)} + {Mib(atEnd.RssShmem)}",
                $"{Mib((long)heapLive)} / {Mib((long)heapCommitted)}", Mib(atEnd.Hwm),
                cgroup is null ? "no cgroup" : $"{Mib(cgroup.PeakBytes)} ({cgroup.Version}), {cgroup.OomKills}",
                $"< {GoalMegabytes:0} MB ({goal / 1024 / 1024:0} MiB)", window.MedianRss < goal ? "yes" : "no", window.MaxRss < goal ? "yes" : "no", atEnd.Hwm < goal ? "yes" : "no");
            Step($"RSS {Mib(atEnd.Rss)}, peak {Mib(atEnd.Hwm)}");
            string[] placeholders = ["--kubeconfig", "--iam-endpoint", "--health-port"];
            var shown = arguments.Select((a, k) => k > 0 && placeholders.Contains(arguments[k - 1]) ? arguments[k - 1][2..].ToUpperInvariant().Replace('-', '_') : a);
            return $"The operator: {binary}, started as `iam-operator {string.Join(' ', shown)}` with the emulator's key in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.";
        }
        finally
        {
            if (running is not null)
            {
                await running.StopAsync();
            }

            cgroup?.Dispose();

            await emulator.StopAsync();
        }
    }

    /// <summary>The resident set of one process, read once a second from /proc/PID/status, with the largest value since <see cref="ResetWindow"/>.</summary>
    private sealed class RssSampler : IDisposable
    {
        private readonly string status;
        private readonly Timer timer;
        private readonly Lock gate = new();
        private readonly List<long> windowRss = [];
        private Sample current;
        private Sample window;

        public RssSampler(int pid)
        {
            status = $"/proc/{pid}/status";
            current = Read();
            window = current;
            timer = new Timer(_ => Tick(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        }

        public Sample Current
        {
            get
            {
                Tick();
                lock (gate) return current;
            }
        }

        /// <summary>Since <see cref="ResetWindow"/>: the largest resident and anonymous sets, and the median and smallest resident set of the samples.</summary>
        public (long MaxRss, long MaxAnon, long MedianRss, long MinRss) Window
        {
            get
            {
                Tick();
                lock (gate)
                {
                    var sorted = windowRss.Order().ToList();
                    return (window.Rss, window.RssAnon, sorted[sorted.Count / 2], sorted[0]);
                }
            }
        }

        public void ResetWindow()
        {
            lock (gate)
            {
                window = current;
                windowRss.Clear();
                windowRss.Add(current.Rss);
            }
        }

        public void Dispose() => timer.Dispose();

        private void Tick()
        {
            Sample sample;
            try
            {
                sample = Read();
            }
            catch (IOException)
            {
                return; // the process has exited
            }

            lock (gate)
            {
                current = sample;
                windowRss.Add(sample.Rss);
                window = sample with { Rss = Math.Max(window.Rss, sample.Rss), RssAnon = Math.Max(window.RssAnon, sample.RssAnon) };
            }
        }

        private Sample Read()
        {
            var fields = File.ReadLines(status).Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
                .ToDictionary(p => p[0], p => p[1].Trim());
            long Bytes(string name) => fields.TryGetValue(name, out var value)
                ? long.Parse(value.Split(' ')[0], CultureInfo.InvariantCulture) * 1024 : 0;
            return new Sample(Bytes("VmRSS"), Bytes("RssAnon"), Bytes("RssFile"), Bytes("RssShmem"), Bytes("VmHWM"));
        }
    }

    private readonly record struct Sample(long Rss, long RssAnon, long RssFile, long RssShmem, long Hwm);

    private static async Task<(int Total, int Ready)> CountReadyAsync(KubernetesClientApi api)
    {
        var policies = (await api.ListAsync<IamPolicy>(IamResourceKinds.Policy, null, default)).Items;
        var groups = (await api.ListAsync<IamGroup>(IamResourceKinds.Group, null, default)).Items;
        var users = (await api.ListAsync<IamUser>(IamResourceKinds.User, null, default)).Items;
        var roles = (await api.ListAsync<IamServiceRole>(IamResourceKinds.ServiceRole, null, default)).Items;
        var all = policies.Cast<IIamResource>().Concat(groups).Concat(users).Concat(roles).ToList();
        return (all.Count, all.Count(r => r.IsReadyAtGeneration()));
    }

    private static async Task<Uri> WaitForEndpointAsync(ServerProcess emulator)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (EndpointLine().Match(emulator.Tail()) is { Success: true } match)
            {
                return new Uri(match.Groups["url"].Value);
            }

            if (emulator.HasExited)
            {
                break;
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"the emulator printed no endpoint:{Environment.NewLine}{emulator.Tail()}");
    }

    private static async Task<int> WaitForExitAsync(ServerProcess process, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!process.HasExited)
        {
            if (clock.Elapsed > timeout)
            {
                await process.StopAsync();
                throw new TimeoutException($"{process.Name} did not finish within {timeout}:{Environment.NewLine}{process.Tail()}");
            }

            await Task.Delay(500);
        }

        return process.ExitCode;
    }

    private static async Task<string?> ScrapeAsync(HttpClient http)
    {
        try
        {
            return await http.GetStringAsync("metrics");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null; // not listening yet, or busy
        }
    }

    private static string OomNote(MemoryCgroup? cgroup) =>
        cgroup is { OomKills: > 0 and var kills } ? $" (OOM-killed: the cgroup counts {kills} OOM kill(s))" : "";

    /// <summary>The sum of a Prometheus metric's samples, with or without labels.</summary>
    private static double Value(string metrics, string name) =>
        metrics.Split('\n')
            .Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) || l.StartsWith(name + " ", StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(Math.Max(l.LastIndexOf('}'), name.Length) + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));

    /// <summary>The sum of a Prometheus metric's samples whose labels contain <paramref name="label"/>.</summary>
    private static double Sum(string metrics, string name, string label) =>
        metrics.Split('\n')
            .Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) && l.Contains(label, StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Mib(long bytes) => $"{bytes / 1024.0 / 1024.0:0} MiB";


    [GeneratedRegex(@"limits:\s*\n\s*memory:\s*(?<mib>\d+)Mi")]
    private static partial Regex ChartLimit();

    [GeneratedRegex(@"listening on (?<url>http://127\.0\.0\.1:\d+/)")]
    private static partial Regex EndpointLine();

    [GeneratedRegex(@"\d+ IAM call\(s\), \d+ write\(s\)\.")]
    private static partial Regex CallCountLine();
}
