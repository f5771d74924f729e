using IamOperator.Iam;
using IamOperator.Policies;
using IamOperator.Reconciliation;
using IamOperator.Reconciliation.Access;
using IamOperator.Reconciliation.Desired;
using IamOperator.Reconciliation.Observed;
using IamOperator.Resources;

namespace IamOperator.Cli;

/// <summary>What plan/apply found about access: the spec.accessChecks results, and (plan only) effective-access changes.</summary>
public sealed record FolderAccessReport(IReadOnlyList<AccessCheckResult> Checks, IReadOnlyList<AccessChange>? Changes)
{
    public static FolderAccessReport Empty(bool plan) => new([], plan ? [] : null);
}

/// <summary>
/// The I/O edge of access checks and access changes in folder mode. plan judges each check with the local engine
/// against the planned state (the declarations over the account snapshot) and diffs every principal whose policies
/// change; apply asks IAM's simulator, the authority, once the resources are applied. IAM calls are spent only
/// where needed: AWS managed policy documents (GetPolicy + GetPolicyVersion, once per ARN per run) for principals
/// with checks or with changed policies, and one SimulatePrincipalPolicy per principal and distinct context of its
/// checks (<see cref="AccessCheckSimulation"/>). An unchanged principal without checks costs nothing.
/// </summary>
public static class FolderAccess
{
    public static async Task<FolderAccessReport> PlanAsync(
        IReadOnlyList<IIamResource> resources, IReadOnlyList<ReconcileOutcome> outcomes, ReconcileSettings settings, IResourceLookup lookup,
        AccountSnapshot? snapshot, IIamApi iam, List<string> notes, CancellationToken ct)
    {
        var byKey = outcomes.ToDictionary(o => o.Resource);
        var principals = new List<(IIamResource Resource, EntityIdentity Identity, DesiredEntity? Planned, IReadOnlyList<DesiredAccessCheck> Checks)>();
        var declaredPrincipals = new List<PrincipalPolicies>();
        var declaredDocuments = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var resource in resources.Entities())
        {
            var identity = DesiredStateBuilder.Identify(resource, settings);
            // Only what apply would make so counts as planned; a blocked or failed resource stays as IAM has it.
            var planned = byKey.TryGetValue(identity.Resource, out var outcome)
                && FolderReport.PlanCategoryOf(outcome) is PlanCategory.Create or PlanCategory.Change or PlanCategory.Unchanged
                ? DesiredStateBuilder.Build(resource, settings, lookup).Entity
                : null;
            if (planned is DesiredPolicy policy && lookup.Find(resource.Kind, identity.Resource.Namespace, identity.Resource.Name)?.Arn is { } arn)
                declaredDocuments[arn] = policy.Document;
            if (planned is not null && PrincipalPolicies.From(planned) is { } principal) declaredPrincipals.Add(principal);
            if (identity.Kind != IamEntityKind.Policy) principals.Add((resource, identity, planned, DesiredAccessCheck.Of(resource)));
        }
        var plannedState = new PermissionsState(declaredPrincipals, declaredDocuments, snapshot is null ? null : snapshot.Find);
        var currentState = PermissionsState.Current(snapshot is null ? null : snapshot.Find);

        var work = principals.Select(p =>
        {
            var plannedName = p.Planned?.IamName ?? p.Identity.IamName;
            var currentName = p.Resource.Status?.IamName ?? p.Identity.IamName;
            var plannedPolicies = p.Planned is null ? null : PolicyGathering.Gather(p.Identity.Kind, plannedName, plannedState);
            var currentPolicies = PolicyGathering.Gather(p.Identity.Kind, currentName, currentState);
            // Without a snapshot the current state is unknown, so no change can be told from none.
            var changed = snapshot is not null && plannedPolicies is not null && !plannedPolicies.Equals(currentPolicies);
            return (p.Identity, p.Checks, PlannedName: plannedName, Planned: plannedPolicies, Current: currentPolicies, Changed: changed);
        }).ToList();
        if (snapshot is null && work.Count > 0)
            notes.Add("access changes are not shown: the account could not be read in one call (GetAccountAuthorizationDetails), so the current state is unknown");

        var needed = work.SelectMany(w => (w.Checks.Count > 0 && w.Planned is not null ? w.Planned.AwsManagedArns : [])
            .Concat(w.Changed ? w.Planned!.AwsManagedArns.Concat(w.Current.AwsManagedArns) : []));
        var documents = await AwsManagedDocumentsAsync(iam, needed, notes, ct);

        var checks = new List<AccessCheckResult>();
        var changes = new List<AccessChange>();
        foreach (var w in work)
        {
            var planned = w.Planned is null ? null : PolicyGathering.Resolve(w.Planned, arn => documents.GetValueOrDefault(arn));
            foreach (var check in w.Checks)
            {
                checks.Add(planned is null
                    ? AccessCheckJudge.NotJudged(w.Identity.Resource, w.PlannedName, check, "the resource is not planned (invalid, blocked or failed)")
                    : AccessCheckJudge.Locally(w.Identity.Resource, w.Identity.Kind, w.PlannedName, check, planned));
            }
            if (w.Changed && AccessChanges.Diff(w.Identity.Resource, w.PlannedName,
                    PolicyGathering.Resolve(w.Current, arn => documents.GetValueOrDefault(arn)), planned!) is { } change)
            {
                changes.Add(change);
            }
        }
        return new FolderAccessReport(checks, changes);
    }

    /// <summary>apply: every check of every applied principal, as IAM's simulator decides it.</summary>
    public static async Task<FolderAccessReport> VerifyAsync(
        IReadOnlyList<IIamResource> resources, IReadOnlyList<ReconcileOutcome> outcomes, ReconcileSettings settings, IIamApi iam, CancellationToken ct)
    {
        var byKey = outcomes.ToDictionary(o => o.Resource);
        var results = new List<AccessCheckResult>();
        foreach (var resource in resources)
        {
            var checks = DesiredAccessCheck.Of(resource);
            if (checks.Count == 0) continue;
            var identity = DesiredStateBuilder.Identify(resource, settings);
            byKey.TryGetValue(identity.Resource, out var outcome);
            var name = outcome?.IamName ?? identity.IamName;
            if (outcome is not { IsReady: true, Arn: { } arn })
            {
                results.AddRange(checks.Select(c => AccessCheckJudge.NotJudged(identity.Resource, name, c,
                    $"the resource is not Ready ({outcome?.Reason ?? "not applied"})")));
                continue;
            }
            results.AddRange(await AccessCheckSimulation.VerifyAsync(iam, identity.Resource, name, arn, checks, ct));
        }
        return new FolderAccessReport(results, null);
    }

    /// <summary>
    /// The default version's document of each distinct AWS managed policy (GetPolicy, then GetPolicyVersion): AWS
    /// managed documents are not in the account snapshot. A policy that cannot be read is null, with a note; the
    /// checks and changes that need it say so.
    /// </summary>
    private static async Task<IReadOnlyDictionary<string, string?>> AwsManagedDocumentsAsync(IIamApi iam, IEnumerable<string> arns, List<string> notes, CancellationToken ct)
    {
        var documents = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var arn in arns.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            try
            {
                var policy = await iam.GetPolicyAsync(arn, ct);
                documents[arn] = (await iam.GetPolicyVersionAsync(arn, policy.DefaultVersionId, ct)).Document;
            }
            catch (IamApiException e)
            {
                documents[arn] = null;
                notes.Add($"warning: AWS managed policy {arn} could not be read ({e.Code}: {e.IamMessage}): access checks and changes that need it are not judged");
            }
        }
        return documents;
    }
}
