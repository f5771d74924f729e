using System.Diagnostics;
using IamOperator.Controllers;
using IamOperator.Hosting;
using IamOperator.Iam;
using IamOperator.Operator;
using IamOperator.Reconciliation;
using IamOperator.Resources.Dependencies;
using IamOperator.Reconciliation.Desired;
using IamOperator.Reconciliation.Observed;
using IamOperator.Resources;
using IamOperator.Resources.Manifests;
using Microsoft.Extensions.Logging;

namespace IamOperator.Cli;

/// <summary>
/// plan/apply of a folder: every loaded resource reconciled in <see cref="FolderOrder"/>, each one's
/// outcome recorded so its dependents can use it. A failure of one resource never stops the others,
/// unless it is IAM-wide: after an AccessDenied or a call that kept failing, <c>recheckIam</c> (the
/// preflight) asks IAM again, and when the credentials or the endpoint are what failed the run stops at
/// once rather than failing every remaining resource the same way.
/// </summary>
public static class FolderReconciliation
{
    /// <summary>A root span per resource, shaped like <c>run</c>'s (same name and attributes), with the IAM calls as children.</summary>
    private static readonly ActivitySource ActivitySource = new(OperatorTelemetry.CliSourceName);

    public static async Task<FolderReport> RunAsync(
        string command, FolderSettings settings, ManifestSet manifests, IIamApi iam, string iamDescription,
        FolderProgress progress, ILoggerFactory loggerFactory, TimeProvider timeProvider, CancellationToken ct,
        Func<CancellationToken, Task<IamPreflight.Failure?>>? recheckIam = null)
    {
        var planOnly = command == "plan";
        var reconcileSettings = new ReconcileSettings { OwnerId = settings.OwnerId };
        var lookup = new FolderResourceLookup(manifests.Resources, reconcileSettings, planOnly);
        var reconciler = new IamResourceReconciler(iam, lookup, reconcileSettings, timeProvider, loggerFactory);
        var ordered = FolderOrder.Sort(manifests.Resources);
        var outcomes = new List<ReconcileOutcome>(ordered.Count);
        var notes = new List<string>(manifests.Notes);

        progress.Start($"{command}: {ordered.Count} resource(s) from {settings.Folder} (owner id {settings.OwnerId}) against {iamDescription}");
        await RecallIamNamesAsync(ordered, reconcileSettings, iam, notes, ct);
        for (var i = 0; i < ordered.Count; i++)
        {
            var resource = ordered[i];
            ReconcileOutcome outcome;
            using (var activity = ActivitySource.StartActivity($"reconcile {resource.Kind}", ActivityKind.Internal, parentContext: default))
            {
                activity?.SetTag(ControllerTelemetry.KindAttribute, resource.Kind);
                activity?.SetTag(ControllerTelemetry.NamespaceAttribute, resource.Metadata.NamespaceProperty);
                activity?.SetTag(ControllerTelemetry.NameAttribute, resource.Metadata.Name);
                activity?.SetTag(ControllerTelemetry.TriggerAttribute, command);
                outcome = await reconciler.ReconcileAsync(resource, planOnly ? ReconcileOptions.Plan : ReconcileOptions.Apply, ct);
                activity?.SetTag(ControllerTelemetry.OutcomeAttribute, ControllerTelemetry.TagValue(ReconcileResults.From(outcome).Outcome));
                activity?.SetTag(ControllerTelemetry.WritesAttribute, outcome.Writes);
            }

            lookup.Record(outcome);
            outcomes.Add(outcome);
            var state = outcome.IsReady ? "Ready" : outcome.IsStalled ? $"Stalled ({outcome.Reason})" : outcome.Reason;
            progress.Resource(i + 1, ordered.Count, planOnly
                ? $"{outcome.Resource}: {outcome.LastPlan ?? state}"
                : $"{outcome.Resource}: {state}, {outcome.Writes} IAM write(s)", outcome.IsReady, outcome.IsStalled);
            if (recheckIam is not null && outcome.Reason is ConditionReasons.AccessDenied or ConditionReasons.RetryingAfterError
                && await recheckIam(ct) is { } failure)
            {
                progress.Finish();
                return new FolderReport(command, settings.Folder, settings.OwnerId, iamDescription, manifests.Problems, notes, outcomes)
                {
                    Stopped = new FolderStop(ordered.Count - outcomes.Count, failure),
                };
            }
        }
        progress.Finish();
        // The same index the controller keeps: a dependency whose manifest is gone is a deletion that strips access.
        var deletions = DependencyIndex.Of(manifests.Resources)
            .ReferencedButNotDeclared(manifests.Resources.Select(ObjectKey.Of))
            .Select(m => DeletionWarning.DescribeUndeclared(m.Missing, m.References)!);
        return new FolderReport(command, settings.Folder, settings.OwnerId, iamDescription, manifests.Problems, [.. notes, .. deletions], outcomes);
    }

    /// <summary>
    /// A folder keeps no status, so the IAM name a resource had at the last apply is read back from IAM:
    /// the user, group or role carrying the resource's owner tag (groups: ownership marker). When the
    /// manifest now names it differently, the reconciler sees a rename (UpdateUser/UpdateGroup; a role is
    /// refused, IAM cannot rename it) instead of creating a second entity and leaving the first with its
    /// permissions. Any status written in a manifest is ignored: a pull request must not point the
    /// reconciler at an entity of its choosing.
    /// </summary>
    private static async Task RecallIamNamesAsync(
        IReadOnlyList<IIamResource> resources, ReconcileSettings settings, IIamApi iam, List<string> notes, CancellationToken ct)
    {
        foreach (var resource in resources) resource.Status = null;
        AccountSnapshot snapshot;
        try
        {
            snapshot = new AccountSnapshot(await iam.GetAccountAuthorizationDetailsAsync(
                AccountDetailsFilter.User | AccountDetailsFilter.Group | AccountDetailsFilter.Role, ct));
        }
        catch (IamApiException e)
        {
            notes.Add($"renames not detected: GetAccountAuthorizationDetails failed ({e.Code}: {e.IamMessage}); "
                + "a changed spec.iamName creates a new entity and leaves the old one in IAM");
            return;
        }
        foreach (var resource in resources)
        {
            var identity = DesiredStateBuilder.Identify(resource, settings);
            var owned = snapshot.NamesOwnedBy(identity.Kind, identity.Owner);
            if (owned.Count == 0 || owned.Contains(identity.IamName, StringComparer.OrdinalIgnoreCase))
            {
                foreach (var other in owned.Where(n => !string.Equals(n, identity.IamName, StringComparison.OrdinalIgnoreCase)))
                    notes.Add($"{identity.Resource}: IAM {identity.Kind.ToString().ToLowerInvariant()} '{other}' also carries this resource's owner "
                        + $"'{identity.Owner}' (left over from an earlier spec.iamName); it is left in place: delete it by hand");
                continue;
            }
            resource.Status = new IamResourceStatus { IamName = owned[0] };
        }
    }
}
