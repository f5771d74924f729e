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
/// reads per resource.
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

            if (isLeader())
            {
                await ScanOnceAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One scan; returns how many resources were enqueued as drifted.</summary>
    public async Task<int> ScanOnceAsync(CancellationToken cancellationToken)
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
            return 0;
        }

        LastScan = time.GetUtcNow();
        var drifted = 0;
        foreach (var (controller, items) in kinds)
        {
            foreach (var resource in items())
            {
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

        LogScanned(drifted);
        return drifted;
    }

    /// <summary>Only Ready resources at their current generation can drift; the others are being worked on anyway.</summary>
    private static bool IsSettled(IIamResource resource) =>
        resource.Metadata.DeletionTimestamp is null && resource.IsReadyAtGeneration();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Drift scan could not read the account ({Code})")]
    private partial void LogScanFailed(Exception exception, string code);

    [LoggerMessage(Level = LogLevel.Information, Message = "Drift: {Kind} {Namespace}/{Name} differs from IAM: {Plan}")]
    private partial void LogDrift(string kind, string? @namespace, string name, string plan);

    [LoggerMessage(Level = LogLevel.Information, Message = "Drift scan done: {Drifted} resources enqueued")]
    private partial void LogScanned(int drifted);
}
