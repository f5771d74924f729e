using IamOperator.Reconciliation;
using IamOperator.Resources;
using k8s.Models;
using Outcome = IamOperator.Reconciliation.ReconcileOutcome;

namespace IamOperator.Operator;

/// <summary>Turns a reconcile outcome into the status document the status writer stores.</summary>
public static class IamStatusMapper
{
    /// <summary>
    /// lastSyncTime moves only when the reconcile wrote to IAM or the resource became Ready, so that a no-op resync
    /// leaves status untouched and the status writer sends nothing. <paramref name="accessVerified"/> is the
    /// AccessVerified condition to show beside the outcome's (none when the resource declares no access checks or
    /// they are not verified for this generation).
    /// </summary>
    public static IamResourceStatus ToStatus(Outcome outcome, IamResourceStatus? previous, DateTimeOffset now, ConditionState? accessVerified = null)
    {
        var wasReady = previous.HasReadyCondition();
        var synced = outcome.IsReady && (outcome.Writes > 0 || !wasReady || previous?.LastSyncTime is null);
        return new IamResourceStatus
        {
            IamName = outcome.IamName ?? previous?.IamName,
            Arn = outcome.Arn ?? previous?.Arn,
            IamId = outcome.IamId ?? previous?.IamId,
            InstanceProfileArn = outcome.InstanceProfileArn ?? (outcome.IsReady ? null : previous?.InstanceProfileArn),
            DefaultVersionId = outcome.DefaultVersionId ?? previous?.DefaultVersionId,
            Conditions = [.. outcome.Conditions.Append(accessVerified).OfType<ConditionState>().Select(c => new V1Condition
            {
                Type = c.Type,
                Status = c.Status,
                Reason = c.Reason,
                Message = c.Message,
                LastTransitionTime = now.UtcDateTime, // the status writer keeps the stored time when the status did not change
            })],
            LastSyncTime = synced ? now.UtcDateTime : previous?.LastSyncTime,
            LastPlan = outcome.LastPlan ?? previous?.LastPlan,
            Warnings = outcome.Warnings.Count > 0 ? [.. outcome.Warnings] : null,
            // Credentials not looked after in this reconcile (no store, a failure) keep what status knew of them.
            AccessKey = outcome.CredentialsManaged ? outcome.AccessKey : previous?.AccessKey,
            ConsoleAccess = outcome.CredentialsManaged ? outcome.ConsoleAccess : previous?.ConsoleAccess,
        };
    }
}
