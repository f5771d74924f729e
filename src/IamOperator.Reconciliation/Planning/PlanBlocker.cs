namespace IamOperator.Reconciliation.Planning;

/// <summary>Why a plan cannot proceed: a <see cref="Resources.ConditionReasons"/> reason and a message for people.</summary>
public sealed record PlanBlocker(string Reason, string Message);
