using IamOperator.Controllers;
using IamOperator.Hosting;
using IamOperator.Iam;
using IamOperator.Reconciliation;
using IamOperator.Resources;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace IamOperator.Operator;

/// <summary>
/// The operator's composition root, independent of how the process is hosted: five controllers (one per kind, the
/// cluster-scoped IamAccountPasswordPolicy's watching the whole cluster whatever namespaces are configured) driving the
/// shared reconciler, leader election, and the drift scan. <c>iam-operator run</c> hosts it;
/// end-to-end tests run it against the in-memory or a real API server and the IAM emulator.
/// </summary>
public sealed class IamOperatorRuntime : IDisposable
{
    private readonly ControllerMetrics metrics;
    private readonly AccessCheckMetrics accessMetrics;
    private readonly CacheBurstWatch cacheBursts;

    public IamOperatorRuntime(
        IKubernetesApi kubernetes, IIamApi iam, OperatorOptions options, string identity, TimeProvider time, ILoggerFactory loggerFactory,
        IMeterFactory? meterFactory = null)
    {
        metrics = new ControllerMetrics(meterFactory);
        accessMetrics = new AccessCheckMetrics(meterFactory);
        var controllerOptions = new ControllerOptions
        {
            Namespaces = options.Controller.Namespaces,
            MaxConcurrentReconciles = options.Controller.MaxConcurrentReconciles,
            ResyncPeriod = options.Controller.ResyncPeriod,
            CacheTransform = new SharedStrings().Share,
        };
        Settings = new ReconcileSettings
        {
            OwnerId = string.IsNullOrWhiteSpace(options.Controller.OwnerId)
                ? throw new ArgumentException("Controller:OwnerId is required: a name unique to this cluster, written into every owner tag (flag --owner-id).", nameof(options))
                : options.Controller.OwnerId,
            Guardrails = options.Guardrails.ToSettings(),
            DependencyTimeout = options.Controller.DependencyTimeout,
        };

        var statusWriter = new StatusWriter(kubernetes, time, loggerFactory.CreateLogger<StatusWriter>());
        var events = new EventRecorder(kubernetes, new EventRecorderOptions { ReportingInstance = identity }, time, loggerFactory.CreateLogger<EventRecorder>());

        // References resolve against the group and policy caches of the controllers built just below.
        Informer<IamGroup>? groupCache = null;
        Informer<IamPolicy>? policyCache = null;
        Informer<IamAccountPasswordPolicy>? passwordPolicyCache = null;
        Lookup = new InformerResourceLookup(
            (ns, name) => groupCache?.Get(ns, name), (ns, name) => policyCache?.Get(ns, name), () => passwordPolicyCache?.Items ?? []);
        var reconciler = new IamResourceReconciler(iam, Lookup, Settings, time, loggerFactory);
        Dependencies = new DependencyTracker(loggerFactory.CreateLogger<DependencyTracker>());
        ColdStart = new ColdStartSnapshot(iam, time, loggerFactory.CreateLogger<ColdStartSnapshot>());
        var heapLogger = loggerFactory.CreateLogger(typeof(ManagedHeap));
        ColdStart.Released += entities => ManagedHeap.CompactAfterBurst("cold start's account snapshot", entities, "IAM entities", heapLogger);
        var accessVerifier = new AccessVerifier(iam);
        CredentialSecrets = new KubernetesSecretStore(kubernetes);
        Policies = Build<IamPolicy>(IamResourceKinds.Policy);
        Groups = Build<IamGroup>(IamResourceKinds.Group);
        Users = Build<IamUser>(IamResourceKinds.User);
        ServiceRoles = Build<IamServiceRole>(IamResourceKinds.ServiceRole);
        // The account, not an entity: no cold-start snapshot (its reconcile reads the policy itself), no access checks, no credentials.
        AccountPasswordPolicies = new(kubernetes, IamResourceKinds.AccountPasswordPolicy,
            new ClusterReconciler<IamAccountPasswordPolicy>(IamResourceKinds.AccountPasswordPolicy, reconciler, statusWriter, events, Dependencies.DependentsOf,
                time, loggerFactory.CreateLogger<ClusterReconciler<IamAccountPasswordPolicy>>()),
            controllerOptions, metrics, time, loggerFactory);
        groupCache = Groups.Informer;
        policyCache = Policies.Informer;
        passwordPolicyCache = AccountPasswordPolicies.Informer;
        Dependencies.Track(Policies);
        Dependencies.Track(Groups);
        Dependencies.Track(Users);
        Dependencies.Track(ServiceRoles);
        Dependencies.TrackAccountPasswordPolicies(AccountPasswordPolicies);

        LeaderElector = options.LeaderElection.Enabled
            ? new LeaderElector(kubernetes, new LeaderElectionOptions
            {
                LeaseName = options.LeaderElection.LeaseName,
                LeaseNamespace = string.IsNullOrWhiteSpace(options.LeaderElection.LeaseNamespace) ? "default" : options.LeaderElection.LeaseNamespace,
                Identity = identity,
                LeaseDuration = options.LeaderElection.LeaseDuration,
                RenewDeadline = options.LeaderElection.RenewDeadline,
                RetryPeriod = options.LeaderElection.RetryPeriod,
            }, time, loggerFactory.CreateLogger<LeaderElector>())
            : null;
        Controllers = new ControllerRuntime([Policies, Groups, Users, ServiceRoles, AccountPasswordPolicies], LeaderElector, loggerFactory.CreateLogger<ControllerRuntime>());
        // A credential Secret deleted or edited by hand wakes its IamUser, which writes it again.
        OwnedSecrets = new OwnedSecretWatch(kubernetes, KubernetesSecretStore.ManagedBySelector, [Users],
            new InformerOptions { Namespaces = controllerOptions.Namespaces }, time, loggerFactory);
        // The scan's bulk read (GetAccountAuthorizationDetails) does not carry the account password policy: resync
        // (Controller:ResyncPeriod) reads it again (docs/reconciliation.md).
        DriftScanner = new DriftScanner(
            iam,
            [
                (Policies, () => Policies.Informer.Items),
                (Groups, () => Groups.Informer.Items),
                (Users, () => Users.Informer.Items),
                (ServiceRoles, () => ServiceRoles.Informer.Items),
            ],
            () => Controllers.IsLeader,
            Settings, Lookup, options.Controller.DriftScanPeriod, time, loggerFactory.CreateLogger<DriftScanner>());
        DriftScanner.Scanned += entities => ManagedHeap.CompactAfterBurst("drift scan", entities, "IAM entities", heapLogger);
        cacheBursts = new CacheBurstWatch(time);
        Policies.Informer.Changed += _ => cacheBursts.Changed();
        Groups.Informer.Changed += _ => cacheBursts.Changed();
        Users.Informer.Changed += _ => cacheBursts.Changed();
        ServiceRoles.Informer.Changed += _ => cacheBursts.Changed();
        cacheBursts.Settled += changes => ManagedHeap.CompactAfterBurst("burst of cache changes", changes, "changes", heapLogger);

        Controller<T> Build<T>(CustomResourceKind kind) where T : class, IIamResource
        {
            // Policies declare no access checks; the three principal kinds publish their series at zero.
            if (kind != IamResourceKinds.Policy) accessMetrics.Register(kind.Kind);
            return new(kubernetes, kind,
                new ClusterReconciler<T>(kind, reconciler, statusWriter, events, Dependencies.DependentsOf, time, loggerFactory.CreateLogger<ClusterReconciler<T>>(), ColdStart,
                    accessVerifier, accessMetrics, CredentialSecrets),
                controllerOptions, metrics, time, loggerFactory);
        }
    }

    public ReconcileSettings Settings { get; }
    public InformerResourceLookup Lookup { get; }
    /// <summary>Who references whom among the cached resources; wakes dependents when a dependency changes.</summary>
    public DependencyTracker Dependencies { get; }
    public Controller<IamPolicy> Policies { get; }
    public Controller<IamGroup> Groups { get; }
    public Controller<IamUser> Users { get; }
    public Controller<IamServiceRole> ServiceRoles { get; }
    /// <summary>The cluster-scoped kind: its informer lists and watches cluster-wide, whatever Controller:Namespaces says.</summary>
    public Controller<IamAccountPasswordPolicy> AccountPasswordPolicies { get; }
    public LeaderElector? LeaderElector { get; }
    public ControllerRuntime Controllers { get; }
    public DriftScanner DriftScanner { get; }
    public ColdStartSnapshot ColdStart { get; }
    /// <summary>Where IamUsers' credentials go in a cluster: Secrets they own (for ReconcileOptions.CredentialSecrets).</summary>
    public KubernetesSecretStore CredentialSecrets { get; }
    /// <summary>The operator's credential Secrets; a change queues the owning IamUser.</summary>
    public OwnedSecretWatch OwnedSecrets { get; }

    /// <summary>Ready: caches synced; for the leader also IAM reachable at the last drift scan.</summary>
    public bool IsReady => Controllers.IsReady && (!Controllers.IsLeader || DriftScanner.IamReachable);

    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Controllers.RunAsync(cancellationToken), DriftScanner.RunAsync(cancellationToken), OwnedSecrets.RunAsync(cancellationToken));

    public void Dispose()
    {
        accessMetrics.Dispose();
        metrics.Dispose();
        cacheBursts.Dispose();
    }
}
