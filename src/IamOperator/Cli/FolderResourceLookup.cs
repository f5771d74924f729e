using IamOperator.Reconciliation;
using IamOperator.Reconciliation.Desired;
using IamOperator.Resources;

namespace IamOperator.Cli;

/// <summary>
/// References resolved within one folder of manifests. A referenced resource is usable once its own
/// reconcile made it Ready (apply), or once it exists or would be created (plan: its ARN is then
/// spelled with an ACCOUNT placeholder, since the entity does not exist yet).
/// </summary>
public sealed class FolderResourceLookup(IEnumerable<IIamResource> resources, ReconcileSettings settings, bool planOnly) : IResourceLookup
{
    private readonly Dictionary<string, EntityIdentity> declared = resources.ToDictionary(
        r => Key(r.Kind, r.Metadata.NamespaceProperty ?? DesiredStateBuilder.DefaultNamespace, r.Metadata.Name),
        r => DesiredStateBuilder.Identify(r, settings), StringComparer.Ordinal);
    private readonly Dictionary<string, ReconcileOutcome> outcomes = new(StringComparer.Ordinal);

    /// <summary>Records a resource's outcome so that the resources after it can use it.</summary>
    public void Record(ReconcileOutcome outcome) =>
        outcomes[Key(outcome.Resource.Kind, outcome.Resource.Namespace, outcome.Resource.Name)] = outcome;

    public ResolvedDependency? Find(string kind, string @namespace, string name)
    {
        var key = Key(kind, @namespace, name);
        if (!declared.TryGetValue(key, out var identity)) return null;
        if (!outcomes.TryGetValue(key, out var outcome)) return new ResolvedDependency(identity.IamName, null, false);
        if (outcome.IsReady) return new ResolvedDependency(outcome.IamName ?? identity.IamName, outcome.Arn, true);
        if (planOnly && outcome.Plan is { Blocker: null } && !outcome.IsStalled)
        {
            var arn = outcome.Arn ?? (identity.Kind == IamEntityKind.Policy ? $"arn:aws:iam::ACCOUNT:policy{identity.Path}{identity.IamName}" : null);
            return new ResolvedDependency(identity.IamName, arn, true);
        }
        return new ResolvedDependency(identity.IamName, outcome.Arn, false);
    }

    private static string Key(string kind, string ns, string name) => $"{kind}/{ns}/{name}";
}
