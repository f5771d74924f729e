namespace IamOperator.Controllers;

/// <summary>Who reports Events, and how repeats are suppressed.</summary>
public sealed class EventRecorderOptions
{
    /// <summary>events.k8s.io <c>reportingController</c>: the controller's name, domain-qualified.</summary>
    public string ReportingController { get; set; } = "iamoperator.dev/iam-operator";

    /// <summary>events.k8s.io <c>reportingInstance</c>: this replica (the host sets it, e.g. from the pod name).</summary>
    public string ReportingInstance { get; set; } = "iam-operator";

    /// <summary>An identical Event (same object, type, reason and note) is not sent again within this window.</summary>
    public TimeSpan RepeatWindow { get; set; } = TimeSpan.FromMinutes(10);
}
