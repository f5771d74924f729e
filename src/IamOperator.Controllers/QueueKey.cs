namespace IamOperator.Controllers;

/// <summary>What the work queue holds: which object to reconcile, never a snapshot of it (level-based).</summary>
public sealed record QueueKey(string Kind, string Namespace, string Name)
{
    public override string ToString() => $"{Kind}/{Namespace}/{Name}";
}
