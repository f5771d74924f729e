using IamOperator.Reconciliation;

namespace IamOperator.Reconciliation.Tests.Desired;

/// <summary>A lookup over a fixed table of referenced resources, keyed "Kind/namespace/name".</summary>
internal sealed class DictionaryLookup(Dictionary<string, ResolvedDependency>? entries = null) : IResourceLookup
{
    public Dictionary<string, ResolvedDependency> Entries { get; } = entries ?? [];

    public ResolvedDependency? Find(string kind, string @namespace, string name) =>
        Entries.GetValueOrDefault($"{kind}/{@namespace}/{name}");
}
