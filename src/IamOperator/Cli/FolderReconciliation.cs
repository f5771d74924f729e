using IamOperator.Iam;
using IamOperator.Reconciliation;
using IamOperator.Reconciliation.Desired;
using IamOperator.Reconciliation.Observed;
using IamOperator.Resources;
using IamOperator.Resources.Manifests;
using Microsoft.Extensions.Logging;

namespace IamOperator.Cli;

/// <summary>
/// plan/apply of a folder: every loaded resource reconciled in <see cref="FolderOrder"/>, each one's
/// outcome recorded so its dependents can use it. A failure of one resource never stops the others.
/// </summary>
public static class FolderReconciliation
{
    public static async Task<FolderReport> RunAsync(
        string command, FolderSettings settings, ManifestSet manifests, IIamApi iam, string iamDescription,
        TextWriter progress, ILoggerFactory loggerFactory, TimeProvider timeProvider, CancellationToken ct)
    {
        var planOnly = command == "plan";
        var reconcileSettings = new ReconcileSettings { OwnerId = settings.OwnerId };
        var lookup = new FolderResourceLookup(manifests.Resources, reconcileSettings, planOnly);
        var reconciler = new IamResourceReconciler(iam, lookup, reconcileSettings, timeProvider, loggerFactory);
        var ordered = FolderOrder.Sort(manifests.Resources);
        var outcomes = new List<ReconcileOutcome>(ordered.Count);
        var notes = new List<string>(manifests.Notes);

        progress.WriteLine($"{command}: {ordered.Count} resource(s) from {settings.Folder} (owner id {settings.OwnerId}) against {iamDescription}");
        await RecallIamNamesAsync(ordered, reconcileSettings, iam, notes, ct);
        for (var i = 0; i < ordered.Count; i++)
        {
            var resource = ordered[i];
            var outcome = await reconciler.ReconcileAsync(resource, planOnly ? ReconcileOptions.Plan : ReconcileOptions.Apply, ct);
            lookup.Record(outcome);
            outcomes.Add(outcome);
            var state = outcome.IsReady ? "Ready" : outcome.IsStalled ? $"Stalled ({outcome.Reason})" : outcome.Reason;
            progress.WriteLine(planOnly
                ? $"[{i + 1}/{ordered.Count}] {outcome.Resource}: {outcome.LastPlan ?? state}"
                : $"[{i + 1}/{ordered.Count}] {outcome.Resource}: {state}, {outcome.Writes} IAM write(s)");
        }
        return new FolderReport(command, settings.Folder, settings.OwnerId, iamDescription, manifests.Problems, notes, outcomes);
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
