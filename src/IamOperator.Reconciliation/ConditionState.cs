using IamOperator.Resources;

namespace IamOperator.Reconciliation;

/// <summary>
/// One kstatus condition as the reconciler decides it; no timestamps: the status writer stamps
/// lastTransitionTime (only when Status changes) and observedGeneration.
/// </summary>
public sealed record ConditionState(string Type, string Status, string Reason, string Message)
{
    public const string True = "True";
    public const string False = "False";

    public bool IsTrue => Status == True;

    /// <summary>Ready=True, Reconciling=False, Stalled=False.</summary>
    public static IReadOnlyList<ConditionState> Ready(string message) =>
    [
        new(ConditionTypes.Ready, True, ConditionReasons.Reconciled, message),
        new(ConditionTypes.Reconciling, False, ConditionReasons.Reconciled, message),
        new(ConditionTypes.Stalled, False, ConditionReasons.Reconciled, message),
    ];

    /// <summary>Work in progress: Reconciling=True and Ready=False with the same reason.</summary>
    public static IReadOnlyList<ConditionState> Reconciling(string reason, string message) =>
    [
        new(ConditionTypes.Ready, False, reason, message),
        new(ConditionTypes.Reconciling, True, reason, message),
        new(ConditionTypes.Stalled, False, reason, message),
    ];

    /// <summary>Needs a person: Stalled=True and Ready=False with the same reason.</summary>
    public static IReadOnlyList<ConditionState> Stalled(string reason, string message) =>
    [
        new(ConditionTypes.Ready, False, reason, message),
        new(ConditionTypes.Reconciling, False, reason, message),
        new(ConditionTypes.Stalled, True, reason, message),
    ];
}
