using IamOperator.Controllers;
using IamOperator.Operator;
using IamOperator.Reconciliation;
using IamOperator.Resources;

namespace IamOperator.Tests.Operator;

/// <summary>
/// The one mapping from a reconcile outcome to what the controller's queue does and counts: success means Ready;
/// retryable IAM failures go to the queue's backoff; a Stalled outcome is never retried until the object or a
/// dependency changes; a dependency wait looks again only at its deadline; nothing else schedules a retry.
/// </summary>
public sealed class ReconcileResultsTests
{
    private static readonly ResourceKey Key = new(IamUser.KindName, "team", "alice");

    public static TheoryData<string, ReconcileOutcome, ReconcileResultKind, TimeSpan?> Reconciles => new()
    {
        { "Ready", Outcome(ConditionState.Ready("ok")), ReconcileResultKind.Success, null },
        { "waiting for a group", Outcome(ConditionState.Reconciling(ConditionReasons.WaitingForDependency, "no group"), TimeSpan.FromMinutes(7)), ReconcileResultKind.Requeue, TimeSpan.FromMinutes(7) },
        { "retrying after an IAM error", Outcome(ConditionState.Reconciling(ConditionReasons.RetryingAfterError, "why")), ReconcileResultKind.Error, null },
        { "access denied", Outcome(ConditionState.Stalled(ConditionReasons.AccessDenied, "why")), ReconcileResultKind.Error, null },
        { "limit exceeded", Outcome(ConditionState.Stalled(ConditionReasons.LimitExceeded, "why")), ReconcileResultKind.Error, null },
        { "invalid spec", Outcome(ConditionState.Stalled(ConditionReasons.InvalidSpec, "why")), ReconcileResultKind.Stalled, null },
        { "guardrail violation", Outcome(ConditionState.Stalled(ConditionReasons.GuardrailViolation, "why")), ReconcileResultKind.Stalled, null },
        { "ownership conflict", Outcome(ConditionState.Stalled(ConditionReasons.OwnershipConflict, "why")), ReconcileResultKind.Stalled, null },
        { "already exists", Outcome(ConditionState.Stalled(ConditionReasons.AlreadyExists, "why")), ReconcileResultKind.Stalled, null },
        { "rejected by IAM", Outcome(ConditionState.Stalled(ConditionReasons.IamRejected, "why")), ReconcileResultKind.Stalled, null },
        { "dependency not found", Outcome(ConditionState.Stalled(ConditionReasons.DependencyNotFound, "why")), ReconcileResultKind.Stalled, null },
        // Credential problems are fixed outside the resource (a key deleted in IAM, STS reachable again): retried with backoff.
        { "new access key did not verify", Outcome(ConditionState.Stalled(ConditionReasons.AccessKeyVerificationFailed, "why")), ReconcileResultKind.Error, null },
        { "rotation blocked by a foreign key", Outcome(ConditionState.Stalled(ConditionReasons.AccessKeyRotationBlocked, "why")), ReconcileResultKind.Error, null },
        { "Secret owned by someone else", Outcome(ConditionState.Stalled(ConditionReasons.CredentialSecretConflict, "why")), ReconcileResultKind.Error, null },
    };

    public static TheoryData<string, ReconcileOutcome, ReconcileResultKind> Deletions => new()
    {
        { "deleted", Outcome(ConditionState.Reconciling(ConditionReasons.Deleting, "deleted")) with { FinalizerRemovable = true }, ReconcileResultKind.Success },
        { "still deleting", Outcome(ConditionState.Reconciling(ConditionReasons.Deleting, "why")), ReconcileResultKind.Error },
        { "access denied", Outcome(ConditionState.Stalled(ConditionReasons.AccessDenied, "why")), ReconcileResultKind.Error },
        { "rejected", Outcome(ConditionState.Stalled(ConditionReasons.IamRejected, "why")), ReconcileResultKind.Error },
    };

    [Theory]
    [MemberData(nameof(Reconciles))]
    public void A_reconcile_is_a_success_only_when_Ready_an_error_when_a_retry_can_help_and_stalled_when_only_a_change_can(
        string because, ReconcileOutcome outcome, ReconcileResultKind expected, TimeSpan? recheck)
    {
        var result = ReconcileResults.From(outcome);

        Assert.True(expected == result.Outcome, because);
        Assert.Equal(recheck, result.RequeueDelay);
        Assert.Equal(outcome.Writes, result.Writes);
        if (expected == ReconcileResultKind.Error)
        {
            Assert.Equal($"{outcome.Reason}: why", result.Error);
        }
    }

    [Theory]
    [MemberData(nameof(Deletions))]
    public void A_deletion_is_a_success_once_the_finalizer_may_go_and_otherwise_an_error_for_the_queues_backoff(
        string because, ReconcileOutcome outcome, ReconcileResultKind expected)
    {
        var result = ReconcileResults.FromDeletion(outcome);

        Assert.True(expected == result.Outcome, because);
        Assert.Null(result.RequeueDelay);
    }

    private static ReconcileOutcome Outcome(IReadOnlyList<ConditionState> conditions, TimeSpan? requeueAfter = null) =>
        new() { Resource = Key, Conditions = conditions, RequeueAfter = requeueAfter, Writes = 2 };
}
