using IamOperator.Controllers;

namespace IamOperator.Hosting;

/// <summary>
/// Every setting of <c>iam-operator run</c>, bound from appsettings.json, <c>IAMOPERATOR__Section__Key</c>
/// environment variables and flags (in that order of precedence, flags last). docs/configuration.md lists them.
/// </summary>
public sealed class OperatorOptions
{
    public IamSettings Iam { get; set; } = new();
    public ControllerSettings Controller { get; set; } = new();
    public LeaderElectionSettings LeaderElection { get; set; } = new();
    public GuardrailOptions Guardrails { get; set; } = new();
}

public sealed class IamSettings
{
    public Uri Endpoint { get; set; } = new("https://iam.amazonaws.com/");
    public string SigningRegion { get; set; } = "us-east-1";
    /// <summary>Ceiling of the adaptive IAM rate; unset lets the operator find the rate from IAM's Throttling answers.</summary>
    public double? RequestsPerSecond { get; set; }
    /// <summary>Most IAM calls at once after a quiet period; unset is one second of the current rate.</summary>
    public int? Burst { get; set; }
}

public sealed class ControllerSettings
{
    /// <summary>Namespaces to watch; empty watches all.</summary>
    public List<string> Namespaces { get; set; } = [];
    /// <summary>Full re-reconcile of every resource; hours, because the drift scan finds IAM changes within minutes.</summary>
    public TimeSpan ResyncPeriod { get; set; } = ControllerOptions.DefaultResyncPeriod;
    public TimeSpan DriftScanPeriod { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>How long a missing dependency keeps a resource Reconciling before it is Stalled (DependencyNotFound).</summary>
    public TimeSpan DependencyTimeout { get; set; } = TimeSpan.FromMinutes(10);
    public int MaxConcurrentReconciles { get; set; } = 4;
    /// <summary>Written into every owner tag; must be unique per cluster so two clusters never take each other's entities.</summary>
    public string OwnerId { get; set; } = "";
    public int HealthPort { get; set; } = 8080;
    /// <summary>IP address of the health/metrics listener; empty binds every interface, as Kubernetes probes need.</summary>
    public string? HealthAddress { get; set; }
}

public sealed class LeaderElectionSettings
{
    public bool Enabled { get; set; } = true;
    public string LeaseName { get; set; } = "iam-operator";
    /// <summary>Defaults to the pod's namespace (POD_NAMESPACE), else "default".</summary>
    public string? LeaseNamespace { get; set; }
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);
    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);
}

public sealed class GuardrailOptions
{
    public bool Enabled { get; set; } = true;
    public List<string> AllowedManagedPolicyArns { get; set; } = [];
    public List<DeniedManagedPolicyOption> DeniedManagedPolicies { get; set; } = [];
    public string? RequiredPermissionsBoundaryArn { get; set; }
    public Dictionary<string, string> RequiredNamePrefixes { get; set; } = [];

    public Policies.GuardrailSettings ToSettings() => new()
    {
        Enabled = Enabled,
        AllowedManagedPolicyArns = AllowedManagedPolicyArns,
        DeniedManagedPolicies = [.. DeniedManagedPolicies.Select(d => new Policies.DeniedManagedPolicy(d.PolicyArn, d.ExceptNamespaces))],
        RequiredPermissionsBoundaryArn = string.IsNullOrWhiteSpace(RequiredPermissionsBoundaryArn) ? null : RequiredPermissionsBoundaryArn,
        RequiredNamePrefixes = RequiredNamePrefixes,
    };
}

public sealed class DeniedManagedPolicyOption
{
    public string PolicyArn { get; set; } = "";
    public List<string> ExceptNamespaces { get; set; } = [];
}
