using IamOperator.Reconciliation;
using IamOperator.Resources;
using IamOperator.Resources.Dependencies;

namespace IamOperator.Operator;

/// <summary>
/// Resolves groupRefs, policyRefs and boundary policyRefs from the informer caches: a dependency is usable when its
/// own resource reports Ready=True with an ARN and is not being deleted (<see cref="DependencyIndex.StateOf"/>, the same
/// judgement that wakes dependents), so a dependent never writes before what it names exists in IAM.
/// <see cref="AccountPasswordPolicies"/> are the cached IamAccountPasswordPolicy objects, those being deleted included:
/// a declaration whose deletion is still pending keeps the account until it is gone, so the next one cannot write
/// its policy just before the leaving one deletes the account's.
/// </summary>
public sealed class InformerResourceLookup(
    Func<string, string, IamGroup?> groups,
    Func<string, string, IamPolicy?> policies,
    Func<IReadOnlyList<IamAccountPasswordPolicy>>? accountPasswordPolicies = null) : IResourceLookup
{
    public ResolvedDependency? Find(string kind, string @namespace, string name)
    {
        IIamResource? found = kind switch
        {
            IamGroup.KindName => groups(@namespace, name),
            IamPolicy.KindName => policies(@namespace, name),
            _ => null,
        };
        if (found is null || found.Metadata.DeletionTimestamp is not null)
        {
            return null;
        }

        var state = DependencyIndex.StateOf(found);
        return new ResolvedDependency(state.IamName, state.Arn, state.Usable);
    }

    public IReadOnlyList<IamAccountPasswordPolicy> AccountPasswordPolicies => accountPasswordPolicies?.Invoke() ?? [];
}
