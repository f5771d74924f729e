namespace IamOperator.Controllers;

/// <summary>How a reconcile ended; the lower-case name is the <c>outcome</c> metric tag.</summary>
public enum ReconcileResultKind
{
    Success,
    Requeue,
    Error,
    /// <summary>Done, but the resource cannot become Ready until a person acts (kstatus Stalled: invalid spec, guardrail violation...).</summary>
    Stalled,
}
