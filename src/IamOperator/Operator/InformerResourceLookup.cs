using IamOperator.Reconciliation;
using IamOperator.Resources;
using IamOperator.Resources.Dependencies;

namespace IamOperator.Operator;

/// <summary>
/// Resolves groupRefs, policyRefs and boundary policyRefs from the informer caches: a dependency is usable when its
/// own resource reports Ready=True with an ARN and is not being deleted (<see cref="DependencyIndex.StateOf"/>, the same
/// judgement that wakes dependents), so a dependent never writes before what it names exists in IAM.
/// </summary>
public sealed class InformerResourceLookup(Func<string, string, IamGroup?> groups, Func<string, string, IamPolicy?> policies) : IResourceLookup
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
}
