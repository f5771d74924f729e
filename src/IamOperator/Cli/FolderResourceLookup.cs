using IamOperator.Policies;
using IamOperator.Reconciliation;
using IamOperator.Reconciliation.Desired;
using IamOperator.Reconciliation.Observed;
using IamOperator.Resources;

namespace IamOperator.Cli;

/// <summary>
/// References resolved within one folder of manifests. A referenced resource is usable once its own
/// reconcile made it Ready (apply), or once it exists or would be created (plan: its ARN is then the
/// account's, from the snapshot, or spelled with an ACCOUNT placeholder when the account is empty or unread).
/// </summary>
public sealed class FolderResourceLookup(IEnumerable<IIamResource> resources, ReconcileSettings settings, bool planOnly) : IResourceLookup
{
    private readonly IReadOnlyList<IamAccountPasswordPolicy> accountPasswordPolicies = [.. resources.OfType<IamAccountPasswordPolicy>()];
    private readonly Dictionary<string, EntityIdentity> declared = resources.Entities().ToDictionary(
        r => Key(r.Kind, r.Metadata.NamespaceProperty ?? DesiredStateBuilder.DefaultNamespace, r.Metadata.Name),
        r => DesiredStateBuilder.Identify(r, settings), StringComparer.Ordinal);
    private readonly Dictionary<string, ReconcileOutcome> outcomes = new(StringComparer.Ordinal);

    /// <summary>The account observed for this run: a policy <c>plan</c> would create gets its real ARN when the account id is known.</summary>
    public AccountSnapshot? Account { get; set; }

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
            var arn = outcome.Arn ?? (identity.Kind == IamEntityKind.Policy
                ? Account?.PolicyArn(identity.Path, identity.IamName) ?? $"arn:aws:iam::ACCOUNT:policy{identity.Path}{identity.IamName}"
                : null);
            return new ResolvedDependency(identity.IamName, arn, true);
        }
        return new ResolvedDependency(identity.IamName, outcome.Arn, false);
    }

    /// <summary>Every declaration in the folder: they arrive in one run, so two of them conflict, neither being first.</summary>
    public IReadOnlyList<IamAccountPasswordPolicy> AccountPasswordPolicies => accountPasswordPolicies;

    private static string Key(string kind, string ns, string name) => $"{kind}/{ns}/{name}";
}
