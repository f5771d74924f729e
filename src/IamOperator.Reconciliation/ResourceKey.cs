namespace IamOperator.Reconciliation;

/// <summary>Identifies one manifest resource: its kind, namespace and metadata.name.</summary>
public readonly record struct ResourceKey(string Kind, string Namespace, string Name)
{
    public override string ToString() => $"{Kind}/{Namespace}/{Name}";
}
