using IamOperator.Controllers;
using IamOperator.Iam;
using IamOperator.Reconciliation;
using IamOperator.Reconciliation.Observed;
using IamOperator.Resources;
using Microsoft.Extensions.Logging;

namespace IamOperator.Operator;

/// <summary>
/// Reads the whole account in bulk (GetAccountAuthorizationDetails: about one call per thousand entities) on a
/// period and enqueues only the Ready resources whose IAM state differs from their declaration, or whose references no
/// longer resolve (a user whose group is gone is not in sync), so steady state costs almost nothing instead of several
/// reads per resource. It also enqueues a resource Stalled because its entity was someone else's (AlreadyExists,
/// OwnershipConflict) once the scan shows that entity changed so that the block may be gone (deleted, now carrying
/// this resource's owner): nothing else would look at it again before a spec change or the hours-long resync. Each
/// such resource is enqueued once per distinct state of its entity, not on every scan, because the snapshot cannot
/// see every owner (managed policy and standalone instance profile tags).
/// </summary>
public sealed partial class DriftScanner(
    IIamApi iam,
    IReadOnlyList<(IController Controller, Func<IReadOnlyList<IIamResource>> Items)> kinds,
    Func<bool> isLeader,
    ReconcileSettings settings,
    IResourceLookup lookup,
    TimeSpan period,
    TimeProvider time,
    ILogger<DriftScanner> logger)
{
    /// <summary>False after a scan could not reach IAM; readiness reports it for the leader.</summary>
    public bool IamReachable { get; private set; } = true;

    public DateTimeOffset? LastScan { get; private set; }

    /// <summary>Raised after each scan that read the account, with how many entities it held (the scan's snapshot is no longer referenced).</summary>
    public event Action<int>? Scanned;

    /// <summary>Per stalled resource and generation, the entity's state when the scan last enqueued it.</summary>
    private Dictionary<string, string> stallsRetried = new(StringComparer.Ordinal);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (period <= TimeSpan.Zero)
        {
            return;
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(period, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (isLeader() && await ScanAsync(cancellationToken).ConfigureAwait(false) is { Entities: > 0 } scanned)
            {
                // Raised once ScanAsync has returned: its snapshot, the scan's bulk of memory, is garbage by now.
                Scanned?.Invoke(scanned.Entities);
            }
        }
    }

    /// <summary>One scan; returns how many resources were enqueued (drifted, or stalled on an entity that changed).</summary>
    public async Task<int> ScanOnceAsync(CancellationToken cancellationToken) => (await ScanAsync(cancellationToken).ConfigureAwait(false)).Drifted;

    /// <summary>One scan: how many resources were enqueued, and how many entities the account read held (0 when it failed).</summary>
    private async Task<(int Drifted, int Entities)> ScanAsync(CancellationToken cancellationToken)
    {
        AccountSnapshot snapshot;
        try
        {
            snapshot = new AccountSnapshot(await iam.GetAccountAuthorizationDetailsAsync(AccountDetailsFilter.All, cancellationToken).ConfigureAwait(false));
            IamReachable = true;
        }
        catch (IamApiException e)
        {
            IamReachable = e.ErrorCode is not (IamErrorCode.NetworkFailure or IamErrorCode.AuthFailure or IamErrorCode.AccessDenied);
            LogScanFailed(e, e.Code);
            return (0, 0);
        }

        LastScan = time.GetUtcNow();
        var drifted = 0;
        var retried = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (controller, items) in kinds)
        {
            foreach (var resource in items())
            {
                if (DriftCheck.IsStalledOnOwnership(resource))
                {
                    if (RetryStall(controller, resource, snapshot, retried))
                    {
                        drifted++;
                    }

                    continue;
                }

                if (!IsSettled(resource))
                {
                    continue;
                }

                var verdict = DriftCheck.Check(resource, settings, lookup, snapshot);
                if (verdict.Drifted)
                {
                    drifted++;
                    LogDrift(controller.Kind.Kind, resource.Metadata.NamespaceProperty, resource.Metadata.Name,
                        verdict.Plan?.Summary() ?? $"references no longer resolve: {string.Join("; ", verdict.MissingDependencies ?? [])}");
                    controller.Enqueue(resource.Metadata.NamespaceProperty, resource.Metadata.Name, ReconcileTrigger.Drift);
                }
            }
        }

        // Resources no longer stalled (or at a new generation) are forgotten.
        stallsRetried = retried;
        LogScanned(drifted);
        return (drifted, snapshot.Entities);
    }

    /// <summary>Enqueues a resource stalled on ownership when the snapshot no longer shows the block, once per state of its entity.</summary>
    private bool RetryStall(IController controller, IIamResource resource, AccountSnapshot snapshot, Dictionary<string, string> retried)
    {
        var key = $"{controller.Kind.Kind}/{resource.Metadata.NamespaceProperty}/{resource.Metadata.Name}@{resource.Metadata.Generation}";
        var previous = stallsRetried.GetValueOrDefault(key);
        if (previous is not null)
        {
            retried[key] = previous;
        }

        var verdict = DriftCheck.CheckStalled(resource, settings, lookup, snapshot);
        if (!verdict.Cleared || verdict.Evidence == previous)
        {
            return false;
        }

        retried[key] = verdict.Evidence;
        LogStallMayBeOver(controller.Kind.Kind, resource.Metadata.NamespaceProperty, resource.Metadata.Name,
            resource.Status?.Conditions?.FirstOrDefault(c => c.Type == ConditionTypes.Stalled)?.Reason, verdict.Evidence);
        controller.Enqueue(resource.Metadata.NamespaceProperty, resource.Metadata.Name, ReconcileTrigger.Drift);
        return true;
    }

    /// <summary>Only Ready resources at their current generation can drift; the others are being worked on anyway.</summary>
    private static bool IsSettled(IIamResource resource) =>
        resource.Metadata.DeletionTimestamp is null && resource.IsReadyAtGeneration();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Drift scan could not read the account ({Code})")]
    private partial void LogScanFailed(Exception exception, string code);

    [LoggerMessage(Level = LogLevel.Information, Message = "Drift: {Kind} {Namespace}/{Name} differs from IAM: {Plan}")]
    private partial void LogDrift(string kind, string? @namespace, string name, string plan);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stalled {Kind} {Namespace}/{Name} ({Reason}): its IAM entity changed ({Entity}), reconciling again")]
    private partial void LogStallMayBeOver(string kind, string? @namespace, string name, string? reason, string entity);

    [LoggerMessage(Level = LogLevel.Information, Message = "Drift scan done: {Drifted} resources enqueued")]
    private partial void LogScanned(int drifted);
}
