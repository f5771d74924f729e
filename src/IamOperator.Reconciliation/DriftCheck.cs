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

    /// <summary>
    /// The resource is Stalled, for its current generation, because its IAM entity is someone else's
    /// (AlreadyExists: unmarked; OwnershipConflict: another owner). Such a resource waits for IAM to change, not
    /// for its spec, so the drift scan looks at it (<see cref="CheckStalled"/>).
    /// </summary>
    public static bool IsStalledOnOwnership(IIamResource resource) =>
        resource.Metadata.DeletionTimestamp is null
        && resource.Status is { } status && status.ObservedGeneration == resource.Metadata.Generation
        && status.Conditions?.FirstOrDefault(c => c.Type == ConditionTypes.Stalled) is { Status: "True", Reason: ConditionReasons.AlreadyExists or ConditionReasons.OwnershipConflict };

    /// <summary>
    /// Pure: for a resource <see cref="IsStalledOnOwnership"/>, whether the snapshot no longer shows the entity as
    /// someone else's (deleted, now marked with this resource's owner, handed over), and what the snapshot shows of
    /// the entity's identity and ownership. Cleared alone does not prove the block is gone: the snapshot carries no
    /// managed policy or standalone instance profile tags, so the caller reconciles again once per distinct
    /// <see cref="StallVerdict.Evidence"/>, not on every scan.
    /// </summary>
    public static StallVerdict CheckStalled(IIamResource resource, ReconcileSettings settings, IResourceLookup lookup, AccountSnapshot snapshot)
    {
        var state = DesiredStateBuilder.Build(resource, settings, lookup);
        if (state.Entity is not { } desired) return new StallVerdict(false, "");
        var found = snapshot.Find(desired.Kind, desired.IamName);
        var plan = Planner.Diff(desired, AccountSnapshot.WithDeclaredUnknowns(desired, found));
        return new StallVerdict(plan.Blocker?.Reason is not (ConditionReasons.AlreadyExists or ConditionReasons.OwnershipConflict), Evidence(found));
    }

    /// <summary>The entity's id (a deleted and recreated entity has a new one), its owner and, for a role, its instance profiles.</summary>
    private static string Evidence(ObservedEntity? entity) => entity switch
    {
        null => "absent",
        ObservedRole role => $"{role.Id} owner={role.Owner} profiles={string.Join(',', role.InstanceProfiles.Select(p => $"{p.Name}[{string.Join(' ', p.RoleNames)}]"))}",
        _ => $"{entity.Id} owner={entity.Owner}",
    };
}

/// <summary>
/// The verdict of <see cref="DriftCheck.CheckStalled"/>: whether the account snapshot no longer shows the entity as
/// someone else's, and what it shows of the entity's identity and ownership.
/// </summary>
public sealed record StallVerdict(bool Cleared, string Evidence);

/// <summary>
/// The verdict of <see cref="DriftCheck"/>: the plan that would correct the drift, or the references
/// that no longer resolve.
/// </summary>
public sealed record DriftVerdict(bool Drifted, Plan? Plan, IReadOnlyList<string>? MissingDependencies = null);
