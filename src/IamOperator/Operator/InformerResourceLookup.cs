using IamOperator.Reconciliation;
using IamOperator.Resources;

namespace IamOperator.Operator;

/// <summary>
/// Resolves groupRefs, policyRefs and boundary policyRefs from the informer caches: a dependency is ready when its
/// own resource reports Ready=True with an ARN, so a dependent never writes before what it names exists in IAM.
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

        var ready = found.IsReadyAtGeneration();
        var iamName = found.Status?.IamName ?? found.Spec.IamName ?? found.Metadata.Name;
        return new ResolvedDependency(iamName, found.Status?.Arn, ready && found.Status?.Arn is not null);
    }
}
