using IamOperator.Reconciliation.Desired;
using IamOperator.Reconciliation.Observed;
using IamOperator.Reconciliation.Planning;
using IamOperator.Resources;

namespace IamOperator.Reconciliation;

/// <summary>
/// Pure: does IAM (as one account snapshot shows it) differ from what a resource declares? The
/// controller's drift scan calls this for every Ready resource and enqueues those that drifted.
/// </summary>
public static class DriftCheck
{
    /// <summary>
    /// Drifted when the plan against the snapshot has writes, or when a reference the resource
    /// declares no longer resolves (a Ready user whose group is gone is not in sync). Invalid and
    /// blocked resources are not drift: their own reconcile reports them (and the snapshot cannot see
    /// every owner tag: GetAccountAuthorizationDetails returns none for managed policies).
    /// </summary>
    public static DriftVerdict Check(IIamResource resource, ReconcileSettings settings, IResourceLookup lookup, AccountSnapshot snapshot)
    {
        var state = DesiredStateBuilder.Build(resource, settings, lookup);
        if (state.Problems.Count == 0 && state.MissingDependencies.Count > 0) return new DriftVerdict(true, null, state.MissingDependencies);
        if (state.Entity is not { } desired) return new DriftVerdict(false, null);
        var plan = Planner.Diff(desired, AccountSnapshot.WithDeclaredUnknowns(desired, snapshot.Find(desired.Kind, desired.IamName)));
        return new DriftVerdict(plan.Blocker is null && !plan.IsEmpty, plan);
    }
}

/// <summary>
/// The verdict of <see cref="DriftCheck"/>: the plan that would correct the drift, or the references
/// that no longer resolve.
/// </summary>
public sealed record DriftVerdict(bool Drifted, Plan? Plan, IReadOnlyList<string>? MissingDependencies = null);
