using System.Diagnostics;
using IamOperator.Controllers;
using IamOperator.Hosting;
using IamOperator.Iam;
using IamOperator.Operator;
using IamOperator.Reconciliation;
using IamOperator.Resources.Dependencies;
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

        progress.Start($"{command}: {ordered.Count} resource(s) from {settings.Folder} (owner id {settings.OwnerId}) against {iamDescription}");
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
                return new FolderReport(command, settings.Folder, settings.OwnerId, iamDescription, manifests.Problems, manifests.Notes, outcomes)
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
        return new FolderReport(command, settings.Folder, settings.OwnerId, iamDescription, manifests.Problems, [.. manifests.Notes, .. deletions], outcomes);
    }
}
