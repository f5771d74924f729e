using IamOperator.Controllers;
using IamOperator.Reconciliation;
using IamOperator.Reconciliation.Credentials;
using IamOperator.Resources;
using IamOperator.Resources.Dependencies;
using Microsoft.Extensions.Logging;
using Outcome = IamOperator.Reconciliation.ReconcileOutcome;

namespace IamOperator.Operator;

/// <summary>
/// The controller's reconciler for one kind: runs the same <see cref="IamResourceReconciler"/> as
/// <c>iam-operator apply</c>, writes the outcome through the one status writer and reports it as Events. Retries are
/// the controller queue's alone: a retryable IAM failure is an error result (per-key backoff), a Stalled outcome a
/// terminal one (until the object changes), and the only timed look is a dependency wait's deadline.
/// A resource's first reconcile in this process plans against the shared <see cref="ColdStartSnapshot"/>.
/// After a reconcile that leaves the resource Ready, its spec.accessChecks are verified with IAM's policy simulator
/// (<see cref="AccessVerifier"/>) when they have not been for this generation, when the reconcile wrote to IAM, on
/// drift and resync, and when a group or policy the principal gets permissions through changed (<see cref="DependencyTracker"/>); any other reconcile keeps the AccessVerified condition as it was, so a no-op costs no IAM call.
/// IamUser credentials (spec.accessKey, spec.consoleAccess) go to <paramref name="credentialSecrets"/>: the Secrets the
/// users own in a cluster; without a store no credential is created.
/// </summary>
public sealed partial class ClusterReconciler<T>(
    CustomResourceKind kind,
    IamResourceReconciler reconciler,
    StatusWriter statusWriter,
    EventRecorder events,
    Func<IIamResource, IReadOnlyList<DependencyReference>> dependentsOf,
    TimeProvider time,
    ILogger<ClusterReconciler<T>> logger,
    ColdStartSnapshot? coldStart = null,
    AccessVerifier? accessVerifier = null,
    AccessCheckMetrics? accessMetrics = null,
    ICredentialSecretStore? credentialSecrets = null) : IReconciler<T>
    where T : class, IIamResource
{
    /// <summary>The Warning Event on a group or policy being deleted while others still reference it.</summary>
    public const string DependentsLoseAccessReason = "DependentsLoseAccess";

    public async Task<ReconcileResult> ReconcileAsync(T resource, ReconcileTrigger trigger, CancellationToken cancellationToken)
    {
        if (resource.Metadata.DeletionTimestamp is not null)
        {
            return await DeleteAsync(resource, cancellationToken).ConfigureAwait(false);
        }

        var key = Key(resource);
        var snapshot = coldStart is null ? null : await coldStart.ForFirstReconcileAsync(key, cancellationToken).ConfigureAwait(false);
        var outcome = await reconciler.ReconcileAsync(resource, ReconcileOptions.Apply with { Snapshot = snapshot, CredentialSecrets = credentialSecrets }, cancellationToken).ConfigureAwait(false);
        // Only a write makes the snapshot stale for this entity: a reconcile that wrote nothing (waited, or found IAM in
        // sync) leaves it as true as it was, so the dependency wake-ups that follow a cold start use it too.
        if (outcome.Writes > 0) coldStart?.Reconciled(key);
        var previousAccess = Previous(resource);
        var access = await AccessVerifiedAsync(resource, outcome, trigger, previousAccess, cancellationToken).ConfigureAwait(false);
        await statusWriter.WriteAsync(kind, resource, IamStatusMapper.ToStatus(outcome, resource.Status, time.GetUtcNow(), access), cancellationToken).ConfigureAwait(false);
        await RecordAsync(resource, outcome, trigger, cancellationToken).ConfigureAwait(false);
        await RecordAccessAsync(resource, previousAccess, access, cancellationToken).ConfigureAwait(false);
        accessMetrics?.Showing(kind.Kind, key, access);
        return ReconcileResults.From(outcome);
    }

    private string Key(T resource) => $"{kind.Kind}/{resource.Metadata.NamespaceProperty}/{resource.Metadata.Name}";

    /// <summary>The stored AccessVerified condition, when it was written for the generation being reconciled.</summary>
    private static ConditionState? Previous(T resource) =>
        resource.Status?.Conditions?.FirstOrDefault(c => c.Type == ConditionTypes.AccessVerified) is { } stored
        && stored.ObservedGeneration == resource.Metadata.Generation
            ? new ConditionState(stored.Type, stored.Status, stored.Reason ?? "", stored.Message ?? "")
            : null;

    /// <summary>
    /// The AccessVerified condition to store: verified now when due, else the one stored for this generation. A condition
    /// from an older generation is dropped until the new one is verified, so the condition never speaks for a spec it
    /// did not judge (the status writer stamps every condition with the current generation).
    /// </summary>
    private async Task<ConditionState?> AccessVerifiedAsync(T resource, Outcome outcome, ReconcileTrigger trigger, ConditionState? previous, CancellationToken cancellationToken)
    {
        if (accessVerifier is null) return null;
        var checks = Reconciliation.Desired.DesiredAccessCheck.Of(resource);
        if (checks.Count == 0) return null;
        // A dependency's change (a group's or policy's permissions) changes what the principal can do without a write here.
        var due = previous is null || outcome.Writes > 0 || trigger is ReconcileTrigger.Drift or ReconcileTrigger.Resync or ReconcileTrigger.Dependency;
        if (!due || !outcome.IsReady || (outcome.Arn ?? resource.Status?.Arn) is not { } arn) return previous;

        var verification = await accessVerifier.VerifyAsync(outcome.Resource, outcome.IamName ?? resource.Metadata.Name, arn, checks, cancellationToken).ConfigureAwait(false);
        accessMetrics?.Judged(kind.Kind, verification);
        var condition = verification.ToCondition();
        LogAccessVerified(kind.Kind, resource.Metadata.NamespaceProperty, resource.Metadata.Name, condition.Reason, condition.Message);
        return condition;
    }

    /// <summary>An Event each time the AccessVerified condition changes (status, reason or what it names).</summary>
    private Task RecordAccessAsync(T resource, ConditionState? previous, ConditionState? current, CancellationToken cancellationToken)
    {
        if (current is null || current == previous) return Task.CompletedTask;
        return current.IsTrue
            ? events.RecordAsync(resource, EventTypes.Normal, current.Reason, current.Message, "VerifyAccess", cancellationToken)
            : events.RecordAsync(resource, EventTypes.Warning, current.Reason, current.Message, "VerifyAccess", cancellationToken);
    }

    private async Task<ReconcileResult> DeleteAsync(T resource, CancellationToken cancellationToken)
    {
        if (resource.Spec.DeletionPolicy == DeletionPolicy.Delete
            && DeletionWarning.Describe(ObjectKey.Of(resource), dependentsOf(resource)) is { } warning)
        {
            // Said before the IAM entity goes; the recorder sends an identical Event once per 10 minutes.
            await events.RecordAsync(resource, EventTypes.Warning, DependentsLoseAccessReason, warning, "Delete", cancellationToken).ConfigureAwait(false);
        }

        var outcome = await reconciler.DeleteAsync(resource, ReconcileOptions.Apply with { CredentialSecrets = credentialSecrets }, cancellationToken).ConfigureAwait(false);
        if (outcome.FinalizerRemovable)
        {
            accessMetrics?.Showing(kind.Kind, Key(resource), null);
            await events.RecordAsync(resource, EventTypes.Normal, resource.Spec.DeletionPolicy == DeletionPolicy.Retain ? "Retained" : "Deleted", outcome.Message, "Delete", cancellationToken).ConfigureAwait(false);
            return ReconcileResults.FromDeletion(outcome);
        }

        // Still deleting (prerequisites, eventual consistency) or blocked: say so in status; the queue retries with backoff.
        await statusWriter.WriteAsync(kind, resource, IamStatusMapper.ToStatus(outcome, resource.Status, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        await events.RecordAsync(resource, EventTypes.Warning, outcome.Reason, outcome.Message, "Delete", cancellationToken).ConfigureAwait(false);
        LogDeletionPending(kind.Kind, resource.Metadata.NamespaceProperty, resource.Metadata.Name, outcome.Message);
        return ReconcileResults.FromDeletion(outcome);
    }

    private Task RecordAsync(T resource, Outcome outcome, ReconcileTrigger trigger, CancellationToken cancellationToken)
    {
        if (outcome.IsStalled || outcome.Reason == ConditionReasons.RetryingAfterError)
        {
            return events.RecordAsync(resource, EventTypes.Warning, outcome.Reason, outcome.Message, "Reconcile", cancellationToken);
        }

        if (outcome.Writes == 0)
        {
            return Task.CompletedTask;
        }

        var reason = trigger == ReconcileTrigger.Drift ? "DriftCorrected"
            : outcome.Plan?.Change == Reconciliation.Planning.PlanChange.Create ? "Created"
            : "Updated";
        return events.RecordAsync(resource, EventTypes.Normal, reason, outcome.LastPlan ?? outcome.Message, "Reconcile", cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} {Namespace}/{Name} access checks verified with IAM's policy simulator: {Reason}: {Message}")]
    private partial void LogAccessVerified(string kind, string? @namespace, string name, string reason, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} {Namespace}/{Name} is still being deleted: {Message}")]
    private partial void LogDeletionPending(string kind, string? @namespace, string name, string message);
}
