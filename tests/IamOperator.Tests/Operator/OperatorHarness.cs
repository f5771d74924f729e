using IamOperator.Controllers;
using IamOperator.Controllers.InMemory;
using IamOperator.Hosting;
using IamOperator.Iam;
using IamOperator.Iam.Emulator;
using IamOperator.Operator;
using IamOperator.Resources;
using IamOperator.Resources.Manifests;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace IamOperator.Tests.Operator;

/// <summary>
/// The operator as it runs in a cluster, wired to a Kubernetes API (in memory by default) and to the IAM emulator
/// over HTTP; helpers to apply resources and wait for their status like a person with kubectl would.
/// </summary>
public sealed class OperatorHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private Task? running;

    private OperatorHarness(IamEmulatorServer emulator, IIamApi iam, IKubernetesApi kubernetes, IamOperatorRuntime runtime)
    {
        Emulator = emulator;
        Iam = iam;
        Kubernetes = kubernetes;
        Runtime = runtime;
    }

    public IamEmulatorServer Emulator { get; }
    public IIamApi Iam { get; }
    public IKubernetesApi Kubernetes { get; }
    public IamOperatorRuntime Runtime { get; }

    public static async Task<OperatorHarness> StartAsync(
        IKubernetesApi? kubernetes = null, Action<OperatorOptions>? configure = null, Action<EmulatorFaults>? faults = null,
        double iamRequestsPerSecond = 5_000)
    {
        var account = await EmbeddedIam.StartAsync(iamRequestsPerSecond, (int)Math.Max(1, iamRequestsPerSecond / 5), o =>
        {
            o.BaseDelay = TimeSpan.FromMilliseconds(50);
            o.MaxDelay = TimeSpan.FromSeconds(2);
            o.MaxAttempts = 12;
        });
        faults?.Invoke(account.Emulator.Faults);
        var (emulator, iam) = (account.Emulator, account.Iam);
        var options = new OperatorOptions();
        options.Controller.OwnerId = "test-cluster";
        options.Controller.DriftScanPeriod = TimeSpan.Zero; // tests scan on demand
        options.LeaderElection.LeaseNamespace = "iam-operator-system";
        configure?.Invoke(options);
        kubernetes ??= new InMemoryKubernetesApi();
        var runtime = new IamOperatorRuntime(kubernetes, iam, options, "replica-1", TimeProvider.System, NullLoggerFactory.Instance);
        var harness = new OperatorHarness(emulator, iam, kubernetes, runtime);
        harness.running = runtime.RunAsync(harness.stop.Token);
        return harness;
    }

    public static string SamplesFolder => Path.Combine(RepositoryRoot.Path, "config", "samples");

    public async Task<IReadOnlyList<IIamResource>> ApplySamplesAsync(Func<IIamResource, bool>? include = null)
    {
        var set = ManifestLoader.LoadDirectory(SamplesFolder);
        Assert.Empty(set.Problems);
        var served = set.Resources.Where(r => include?.Invoke(r) ?? true).ToList();
        foreach (var resource in served)
        {
            await CreateAsync(resource);
        }

        return served;
    }

    public Task CreateAsync(IIamResource resource) => resource switch
    {
        IamPolicy p => Kubernetes.CreateAsync(IamResourceKinds.Policy, p, CancellationToken.None),
        IamGroup g => Kubernetes.CreateAsync(IamResourceKinds.Group, g, CancellationToken.None),
        IamUser u => Kubernetes.CreateAsync(IamResourceKinds.User, u, CancellationToken.None),
        IamServiceRole r => Kubernetes.CreateAsync(IamResourceKinds.ServiceRole, r, CancellationToken.None),
        IamAccountPasswordPolicy a => Kubernetes.CreateAsync(IamResourceKinds.AccountPasswordPolicy, a, CancellationToken.None),
        _ => throw new ArgumentException($"not one of the five kinds: {resource.Kind}", nameof(resource)),
    };

    /// <summary>Reads a resource; <paramref name="namespace"/> is null for the cluster-scoped IamAccountPasswordPolicy.</summary>
    public async Task<T?> GetAsync<T>(string? @namespace, string name) where T : class, IIamResource =>
        await Kubernetes.GetAsync<T>(KindOf<T>(), @namespace, name, CancellationToken.None);

    /// <summary>Reads an IamAccountPasswordPolicy, which is in no namespace.</summary>
    public Task<IamAccountPasswordPolicy?> GetAccountPasswordPolicyAsync(string name) => GetAsync<IamAccountPasswordPolicy>(null, name);

    public static CustomResourceKind KindOf<T>() => typeof(T).Name switch
    {
        nameof(IamPolicy) => IamResourceKinds.Policy,
        nameof(IamGroup) => IamResourceKinds.Group,
        nameof(IamUser) => IamResourceKinds.User,
        nameof(IamAccountPasswordPolicy) => IamResourceKinds.AccountPasswordPolicy,
        _ => IamResourceKinds.ServiceRole,
    };

    /// <summary>Polls like `kubectl wait` until <paramref name="condition"/> holds, failing with <paramref name="what"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null, Func<Task<string>>? explain = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting until {what}" + (explain is null ? "" : $": {await explain()}"));
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The given resources (as applied) that are not Ready at their generation now, each with its Ready reason and message.</summary>
    public async Task<List<string>> NotReadyAsync(IEnumerable<IIamResource> resources)
    {
        var notReady = new List<string>();
        foreach (var r in resources)
        {
            var (ns, name) = (r.Metadata.NamespaceProperty, r.Metadata.Name);
            IIamResource? current = r switch
            {
                IamPolicy => await GetAsync<IamPolicy>(ns, name),
                IamGroup => await GetAsync<IamGroup>(ns, name),
                IamUser => await GetAsync<IamUser>(ns, name),
                IamAccountPasswordPolicy => await GetAccountPasswordPolicyAsync(name),
                _ => await GetAsync<IamServiceRole>(ns, name),
            };
            if (!IsReady(current))
            {
                var ready = Condition(current, ConditionTypes.Ready);
                notReady.Add($"{r.Kind}/{name} ({ready?.Reason}: {ready?.Message}; observedGeneration {current?.Status?.ObservedGeneration} of {current?.Metadata.Generation})");
            }
        }

        return notReady;
    }

    public static bool IsReady(IIamResource? resource) => resource?.IsReadyAtGeneration() == true;

    public static V1Condition? Condition(IIamResource? resource, string type) =>
        resource?.Status?.Conditions?.FirstOrDefault(c => c.Type == type);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        if (running is not null)
        {
            await running;
        }

        Runtime.Dispose();
        await Emulator.DisposeAsync();
        stop.Dispose();
    }
}
