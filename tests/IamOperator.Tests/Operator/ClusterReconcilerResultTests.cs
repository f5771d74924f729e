using IamOperator.Controllers;
using IamOperator.Operator;
using IamOperator.Reconciliation;
using IamOperator.Resources;

namespace IamOperator.Tests.Operator;

/// <summary>
/// The one mapping from a reconcile outcome to what the controller's queue does: retryable IAM failures go to the
/// queue's backoff, a Stalled outcome is terminal (until the object changes), a dependency wait looks again only at
/// its deadline, and nothing else schedules a retry.
/// </summary>
public sealed class ClusterReconcilerResultTests
{
    public static TheoryData<string, bool, ReconcileResultKind, bool> Outcomes => new()
    {
        { ConditionReasons.RetryingAfterError, false, ReconcileResultKind.Error, false },
        { ConditionReasons.AccessDenied, true, ReconcileResultKind.Error, false },
        { ConditionReasons.LimitExceeded, true, ReconcileResultKind.Error, false },
        { ConditionReasons.InvalidSpec, true, ReconcileResultKind.Error, true },
        { ConditionReasons.GuardrailViolation, true, ReconcileResultKind.Error, true },
        { ConditionReasons.OwnershipConflict, true, ReconcileResultKind.Error, true },
        { ConditionReasons.AlreadyExists, true, ReconcileResultKind.Error, true },
        { ConditionReasons.IamRejected, true, ReconcileResultKind.Error, true },
        { ConditionReasons.DependencyNotFound, true, ReconcileResultKind.Error, true },
    };

    [Theory]
    [MemberData(nameof(Outcomes))]
    public void A_failed_outcome_is_a_retried_or_a_terminal_error_by_its_reason(string reason, bool stalled, ReconcileResultKind kind, bool terminal)
    {
        var outcome = Outcome(stalled ? ConditionState.Stalled(reason, "why") : ConditionState.Reconciling(reason, "why"));

        var result = ClusterReconciler<IamUser>.ToResult(outcome);

        Assert.Equal(kind, result.Outcome);
        Assert.Equal(terminal, result.IsTerminal);
        Assert.Equal($"{reason}: why", result.Error);
        Assert.Null(result.RequeueDelay);
    }

    [Fact]
    public void A_dependency_wait_looks_again_only_at_its_deadline()
    {
        var outcome = Outcome(ConditionState.Reconciling(ConditionReasons.WaitingForDependency, "waiting")) with { RequeueAfter = TimeSpan.FromMinutes(7) };

        var result = ClusterReconciler<IamUser>.ToResult(outcome);

        Assert.Equal(ReconcileResultKind.Requeue, result.Outcome);
        Assert.Equal(TimeSpan.FromMinutes(7), result.RequeueDelay);
    }

    [Fact]
    public void A_Ready_outcome_is_a_success_with_its_writes()
    {
        var result = ClusterReconciler<IamUser>.ToResult(Outcome(ConditionState.Ready("matches")) with { Writes = 3 });

        Assert.Equal(ReconcileResultKind.Success, result.Outcome);
        Assert.Equal(3, result.Writes);
    }

    private static ReconcileOutcome Outcome(IReadOnlyList<ConditionState> conditions) =>
        new() { Resource = new ResourceKey(IamUser.KindName, "team", "alice"), Conditions = conditions };
}
