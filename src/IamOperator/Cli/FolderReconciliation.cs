using System.Diagnostics;
using IamOperator.Controllers;
using IamOperator.Hosting;
using IamOperator.Iam;
using IamOperator.Operator;
using IamOperator.Reconciliation;
using IamOperator.Resources.Dependencies;
using IamOperator.Reconciliation.Desired;
using IamOperator.Reconciliation.Observed;
using IamOperator.Reconciliation.Planning;
using IamOperator.Policies;
using IamOperator.Resources;
using IamOperator.Resources.Manifests;
using Microsoft.Extensions.Logging;

namespace IamOperator.Cli;

/// <summary>
/// plan/apply of a folder against one observation of the account (GetAccountAuthorizationDetails): every
/// loaded resource reconciled level by level in <see cref="FolderOrder"/>, the resources of one level
/// concurrently (at most <see cref="FolderSettings.Concurrency"/> at a time), each one's outcome recorded
/// so that the next levels can use it. Output keeps the folder order whatever finishes first. A failure
/// of one resource never stops the others, unless it is IAM-wide: after a level with an AccessDenied or a
/// call that kept failing, <c>recheckIam</c> (the preflight) asks IAM again, and when the credentials or
/// the endpoint are what failed the run stops there rather than failing every remaining resource alike.
/// </summary>
public static class FolderReconciliation
{
    /// <summary>What plan/apply observe of the account: every entity a resource can declare (AWS managed policies are not declared).</summary>
    public const AccountDetailsFilter AccountFilter =
        AccountDetailsFilter.User | AccountDetailsFilter.Group | AccountDetailsFilter.Role | AccountDetailsFilter.LocalManagedPolicy;

    /// <summary>A root span per resource, shaped like <c>run</c>'s (same name and attributes), with the IAM calls as children.</summary>
    private static readonly ActivitySource ActivitySource = new(OperatorTelemetry.CliSourceName);

    public static async Task<FolderReport> RunAsync(
        string command, FolderSettings settings, ManifestSet manifests, IIamApi iam, string iamDescription,
        FolderProgress progress, ILoggerFactory loggerFactory, TimeProvider timeProvider, CancellationToken ct,
        Func<CancellationToken, Task<IamPreflight.Failure?>>? recheckIam = null,
        Func<AccountDetailsFilter, CancellationToken, Task<AccountAuthorizationDetails>>? readAccount = null)
    {
        var planOnly = command == "plan";
        var reconcileSettings = new ReconcileSettings { OwnerId = settings.OwnerId };
        var lookup = new FolderResourceLookup(manifests.Resources, reconcileSettings, planOnly);
        var reconciler = new IamResourceReconciler(iam, lookup, reconcileSettings, timeProvider, loggerFactory);
        // The account's password policy first (the policy console passwords are made for), then the entities level by level.
        var accountLevel = manifests.Resources.OfType<IamAccountPasswordPolicy>().OrderBy(r => r.Metadata.Name, StringComparer.Ordinal).ToList<IIamResource>();
        var levels = (IReadOnlyList<IReadOnlyList<IIamResource>>)[.. accountLevel.Count > 0 ? [accountLevel] : Array.Empty<IReadOnlyList<IIamResource>>(),
            .. FolderOrder.Levels(manifests.Resources.Entities())];
        var total = levels.Sum(l => l.Count);
        var outcomes = new List<ReconcileOutcome>(total);
        var notes = new List<string>(manifests.Notes);

        progress.Start($"{command}: {total} resource(s) from {settings.Folder} (owner id {settings.OwnerId}) against {iamDescription}");
        foreach (var resource in manifests.Resources) resource.Status = null;
        var snapshot = await ObserveAccountAsync(readAccount ?? iam.GetAccountAuthorizationDetailsAsync, notes, ct);
        lookup.Account = snapshot;
        if (snapshot is not null) RecallIamNames(levels.SelectMany(l => l), reconcileSettings, snapshot, notes);
        var options = (planOnly ? ReconcileOptions.Plan : ReconcileOptions.Apply) with
        {
            Snapshot = snapshot,
            RefusedCreations = await RefusedCreationsAsync(manifests.Resources, reconcileSettings, lookup, snapshot, iam, notes, ct),
            CredentialSecrets = settings.CredentialsDirectory is { } directory ? new FolderCredentialSecretStore(directory) : null,
        };
        foreach (var level in levels)
        {
            var results = new ReconcileOutcome[level.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, level.Count),
                new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = ct },
                async (i, token) => results[i] = await ReconcileTracedAsync(reconciler, level[i], options, command, token));
            // References only point to earlier levels, so a level's outcomes are recorded once it is done.
            foreach (var outcome in results)
            {
                lookup.Record(outcome);
                outcomes.Add(outcome);
                var state = outcome.IsReady ? "Ready" : outcome.IsStalled ? $"Stalled ({outcome.Reason})" : outcome.Reason;
                progress.Resource(outcomes.Count, total, planOnly
                    ? $"{outcome.Resource}: {outcome.LastPlan ?? state}"
                    : $"{outcome.Resource}: {state}, {outcome.Writes} IAM write(s)", outcome.IsReady, outcome.IsStalled);
            }
            if (recheckIam is not null && outcomes.Count < total
                && results.Any(o => o.Reason is ConditionReasons.AccessDenied or ConditionReasons.RetryingAfterError)
                && await recheckIam(ct) is { } failure)
            {
                progress.Finish();
                return new FolderReport(command, settings.Folder, settings.OwnerId, iamDescription, manifests.Problems, notes, outcomes)
                {
                    Stopped = new FolderStop(total - outcomes.Count, failure),
                };
            }
        }
        progress.Finish();
        var access = planOnly
            ? await FolderAccess.PlanAsync(manifests.Resources, outcomes, reconcileSettings, lookup, snapshot, iam, notes, ct)
            : await FolderAccess.VerifyAsync(manifests.Resources, outcomes, reconcileSettings, iam, ct);
        if (snapshot?.CredentialReportUnread is { } unread)
            notes.Add($"warning: the credential report could not be read ({unread}): users' MFA, access key age and console password use were not judged");
        // The same index the controller keeps: a dependency whose manifest is gone is a deletion that strips access.
        var deletions = DependencyIndex.Of(manifests.Resources)
            .ReferencedButNotDeclared(manifests.Resources.Select(ObjectKey.Of))
            .Select(m => DeletionWarning.DescribeUndeclared(m.Missing, m.References)!);
        return new FolderReport(command, settings.Folder, settings.OwnerId, iamDescription, manifests.Problems, [.. notes, .. deletions], outcomes)
        {
            AccessChecks = access.Checks,
            AccessChanges = access.Changes,
        };
    }

    /// <summary>
    /// The creations refused because, all together, they would cross an account quota (<see cref="AccountQuotas"/>),
    /// judged before the first write. A creation is a resource whose spec is valid and passes the guardrails and whose
    /// IAM name (and any name recalled from an earlier apply) the snapshot does not hold. While every kind stays within
    /// IAM's default quota no call is made; beyond it one GetAccountSummary gives the account's actual quotas. Without
    /// a snapshot nothing tells new entities from existing ones.
    /// </summary>
    private static async Task<IReadOnlyDictionary<ResourceKey, PlanBlocker>> RefusedCreationsAsync(
        IReadOnlyList<IIamResource> resources, ReconcileSettings settings, IResourceLookup lookup, AccountSnapshot? snapshot,
        IIamApi iam, List<string> notes, CancellationToken ct)
    {
        if (snapshot is null)
        {
            notes.Add("warning: the account's entity quotas (users, groups, roles, policies) are not checked before the first write without the account snapshot; IAM still enforces them");
            return new Dictionary<ResourceKey, PlanBlocker>();
        }
        var creations = new List<(ResourceKey, IamEntityKind)>();
        foreach (var resource in resources.Entities())
        {
            var state = DesiredStateBuilder.Build(resource, settings, lookup);
            if (state.Problems.Count > 0) continue;
            if (state.Subject is { } subject && Guardrails.Check(subject, settings.Guardrails).Any(f => f.Severity == GuardrailSeverity.Violation)) continue;
            var id = state.Identity;
            if (snapshot.Find(id.Kind, id.IamName) is not null) continue;
            if (resource.Status?.IamName is { } earlier && snapshot.Find(id.Kind, earlier) is not null) continue;
            creations.Add((id.Resource, id.Kind));
        }
        if (!AccountQuotas.NeedsAccountSummary(snapshot.Count, creations)) return new Dictionary<ResourceKey, PlanBlocker>();
        var (summary, unread) = await snapshot.AccountSummaryAsync(async () =>
        {
            try
            {
                return (await iam.GetAccountSummaryAsync(ct), (string?)null);
            }
            catch (IamApiException e)
            {
                return ((IReadOnlyDictionary<string, int>?)null, $"{e.Action} failed: {e.Code}");
            }
        });
        if (summary is null)
        {
            notes.Add($"warning: the account's entity quotas could not be read ({unread}); IAM still enforces them, one creation at a time");
            return new Dictionary<ResourceKey, PlanBlocker>();
        }
        return AccountQuotas.Refused(summary, creations);
    }

    /// <summary>A root span per resource, shaped like <c>run</c>'s (same name and attributes), with the IAM calls beneath.</summary>
    private static async Task<ReconcileOutcome> ReconcileTracedAsync(
        IamResourceReconciler reconciler, IIamResource resource, ReconcileOptions options, string command, CancellationToken ct)
    {
        using var activity = ActivitySource.StartActivity($"reconcile {resource.Kind}", ActivityKind.Internal, parentContext: default);
        activity?.SetTag(ControllerTelemetry.KindAttribute, resource.Kind);
        activity?.SetTag(ControllerTelemetry.NamespaceAttribute, resource.Metadata.NamespaceProperty);
        activity?.SetTag(ControllerTelemetry.NameAttribute, resource.Metadata.Name);
        activity?.SetTag(ControllerTelemetry.TriggerAttribute, command);
        var outcome = await reconciler.ReconcileAsync(resource, options, ct);
        activity?.SetTag(ControllerTelemetry.OutcomeAttribute, ControllerTelemetry.TagValue(ReconcileResults.From(outcome).Outcome));
        activity?.SetTag(ControllerTelemetry.WritesAttribute, outcome.Writes);
        return outcome;
    }

    /// <summary>
    /// The account's users, groups, roles and customer managed policies in one paginated read, so that
    /// a resource in sync costs no call of its own. An endpoint that lacks GetAccountAuthorizationDetails
    /// (or an IAM policy that denies it) falls back to reading each entity, with a note saying so.
    /// </summary>
    private static async Task<AccountSnapshot?> ObserveAccountAsync(
        Func<AccountDetailsFilter, CancellationToken, Task<AccountAuthorizationDetails>> read, List<string> notes, CancellationToken ct)
    {
        try
        {
            return new AccountSnapshot(await read(AccountFilter, ct));
        }
        catch (IamApiException e)
        {
            notes.Add($"warning: GetAccountAuthorizationDetails failed ({e.Code}: {e.IamMessage}): each entity is read by itself (several IAM calls per resource), "
                + "and renames are not detected: a changed spec.iamName creates a new entity and leaves the old one in IAM");
            return null;
        }
    }

    /// <summary>
    /// A folder keeps no status, so the IAM name a resource had at the last apply is read back from IAM:
    /// the user, group or role carrying the resource's owner tag (groups: ownership marker). When the
    /// manifest now names it differently, the reconciler sees a rename (UpdateUser/UpdateGroup; a role is
    /// refused, IAM cannot rename it) instead of creating a second entity and leaving the first with its
    /// permissions. Any status written in a manifest is ignored: a pull request must not point the
    /// reconciler at an entity of its choosing (the caller clears it).
    /// </summary>
    private static void RecallIamNames(IEnumerable<IIamResource> resources, ReconcileSettings settings, AccountSnapshot snapshot, List<string> notes)
    {
        foreach (var resource in resources.Entities())
        {
            var identity = DesiredStateBuilder.Identify(resource, settings);
            var owned = snapshot.NamesOwnedBy(identity.Kind, identity.Owner);
            if (owned.Count == 0 || owned.Contains(identity.IamName, StringComparer.OrdinalIgnoreCase))
            {
                foreach (var other in owned.Where(n => !string.Equals(n, identity.IamName, StringComparison.OrdinalIgnoreCase)))
                {
                    notes.Add($"{identity.Resource}: IAM {identity.Kind.ToString().ToLowerInvariant()} '{other}' also carries this resource's owner "
                        + $"'{identity.Owner}' (left over from an earlier spec.iamName); it is left in place: delete it by hand");
                }

                continue;
            }
            resource.Status = new IamResourceStatus { IamName = owned[0] };
        }
    }
}
