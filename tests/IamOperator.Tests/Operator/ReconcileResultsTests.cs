using IamOperator.Controllers;
using IamOperator.Operator;
using IamOperator.Reconciliation;
using IamOperator.Resources;

namespace IamOperator.Tests.Operator;

/// <summary>The outcome of an IAM reconcile as the controller counts and schedules it: success means Ready.</summary>
public sealed class ReconcileResultsTests
{
    private static readonly ResourceKey Key = new("IamUser", "team", "alice");

    public static TheoryData<string, ReconcileOutcome, ReconcileResultKind, TimeSpan?> Reconciles => new()
    {
        { "Ready", Outcome(ConditionState.Ready("ok")), ReconcileResultKind.Success, null },
        { "waiting for a group", Outcome(ConditionState.Reconciling(ConditionReasons.WaitingForDependency, "no group"), TimeSpan.FromSeconds(5)), ReconcileResultKind.Requeue, TimeSpan.FromSeconds(5) },
        { "invalid spec", Outcome(ConditionState.Stalled(ConditionReasons.InvalidSpec, "bad name")), ReconcileResultKind.Stalled, null },
        { "guardrail violation", Outcome(ConditionState.Stalled(ConditionReasons.GuardrailViolation, "Allow * on *")), ReconcileResultKind.Stalled, null },
        { "access denied, looked at again", Outcome(ConditionState.Stalled(ConditionReasons.AccessDenied, "no"), TimeSpan.FromMinutes(5)), ReconcileResultKind.Stalled, TimeSpan.FromMinutes(5) },
    };

    public static TheoryData<string, ReconcileOutcome, ReconcileResultKind, TimeSpan?> Deletions => new()
    {
        { "deleted", Outcome(ConditionState.Reconciling(ConditionReasons.Deleting, "deleted")) with { FinalizerRemovable = true }, ReconcileResultKind.Success, null },
        { "still deleting", Outcome(ConditionState.Reconciling(ConditionReasons.Deleting, "detaching")), ReconcileResultKind.Requeue, ReconcileResults.DeletionRecheck },
        { "access denied", Outcome(ConditionState.Stalled(ConditionReasons.AccessDenied, "no"), TimeSpan.FromMinutes(5)), ReconcileResultKind.Stalled, TimeSpan.FromMinutes(5) },
        { "rejected", Outcome(ConditionState.Stalled(ConditionReasons.IamRejected, "no")), ReconcileResultKind.Stalled, ReconcileResults.DeletionRecheck },
    };

    [Theory]
    [MemberData(nameof(Reconciles))]
    public void A_reconcile_is_a_success_only_when_Ready_and_stalled_whenever_a_person_must_act(
        string because, ReconcileOutcome outcome, ReconcileResultKind expected, TimeSpan? recheck)
    {
        var result = ReconcileResults.From(outcome);

        Assert.True(expected == result.Outcome, because);
        Assert.Equal(recheck, result.RequeueDelay);
        Assert.Equal(outcome.Writes, result.Writes);
    }

    [Theory]
    [MemberData(nameof(Deletions))]
    public void A_deletion_is_a_success_once_the_finalizer_may_go_and_is_otherwise_always_looked_at_again(
        string because, ReconcileOutcome outcome, ReconcileResultKind expected, TimeSpan? recheck)
    {
        var result = ReconcileResults.FromDeletion(outcome);

        Assert.True(expected == result.Outcome, because);
        Assert.Equal(recheck, result.RequeueDelay);
    }

    private static ReconcileOutcome Outcome(IReadOnlyList<ConditionState> conditions, TimeSpan? requeueAfter = null) =>
        new() { Resource = Key, Conditions = conditions, RequeueAfter = requeueAfter, Writes = 2 };
}
