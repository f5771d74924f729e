using System.Diagnostics;

namespace IamOperator.Controllers;

/// <summary>Names of the controller runtime's spans and their attributes (docs: telemetry-names).</summary>
public static class ControllerTelemetry
{
    /// <summary>ActivitySource and Meter name.</summary>
    public const string Name = "IamOperator.Controllers";

    public const string KindAttribute = "k8s.resource.kind";
    public const string NamespaceAttribute = "k8s.namespace.name";
    public const string NameAttribute = "k8s.resource.name";
    public const string GenerationAttribute = "k8s.resource.generation";
    public const string TriggerAttribute = "iamoperator.trigger";
    public const string OutcomeAttribute = "iamoperator.outcome";
    public const string WritesAttribute = "iamoperator.iam_writes";

    /// <summary>Root span <c>reconcile &lt;Kind&gt;</c> per reconcile; the reconciler's IAM calls become its children.</summary>
    public static readonly ActivitySource ActivitySource = new(Name);

    public static string TagValue(ReconcileTrigger trigger) => trigger switch
    {
        ReconcileTrigger.Watch => "watch",
        ReconcileTrigger.Resync => "resync",
        ReconcileTrigger.Drift => "drift",
        ReconcileTrigger.Dependency => "dependency",
        ReconcileTrigger.Retry => "retry",
        _ => trigger.ToString().ToLowerInvariant(),
    };

    public static string TagValue(ReconcileResultKind outcome) => outcome switch
    {
        ReconcileResultKind.Success => "success",
        ReconcileResultKind.Requeue => "requeue",
        ReconcileResultKind.Error => "error",
        ReconcileResultKind.Stalled => "stalled",
        _ => outcome.ToString().ToLowerInvariant(),
    };
}
