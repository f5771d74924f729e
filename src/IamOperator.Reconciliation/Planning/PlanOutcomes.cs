using IamOperator.Policies;
using IamOperator.Reconciliation.Desired;
using IamOperator.Reconciliation.Observed;

namespace IamOperator.Reconciliation.Planning;

/// <summary>How a kind's actions become a plan (in <see cref="WriteOrder"/>), and how plan messages name an entity kind.</summary>
internal static class PlanOutcomes
{
    internal static Plan Created(EntityIdentity id, List<PlannedIamWrite> actions, ObservedEntity? observed) =>
        new(id.Resource, id.Kind, id.IamName, PlanChange.Create, WriteOrder.Arrange(actions, observed));

    internal static Plan Updated(EntityIdentity id, List<PlannedIamWrite> actions, ObservedEntity observed) => actions.Count == 0
        ? Plan.NoChange(id.Resource, id.Kind, id.IamName)
        : new Plan(id.Resource, id.Kind, id.IamName, PlanChange.Update, WriteOrder.Arrange(actions, observed));

    internal static string Noun(IamEntityKind kind) => kind switch
    {
        IamEntityKind.Policy => "managed policy",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
