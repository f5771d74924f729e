namespace IamOperator.Controllers;

/// <summary>How a reconcile ended; the lower-case name is the <c>outcome</c> metric tag.</summary>
public enum ReconcileResultKind
{
    Success,
    Requeue,
    Error,
}
