using IamOperator.Iam;
using IamOperator.Reconciliation.Planning;

namespace IamOperator.Reconciliation.Execution;

/// <summary>How far a plan got: the writes made, and the action that failed with IAM's error (null when all succeeded).</summary>
public sealed record PlanExecutionResult(int Writes, IamAction? FailedAction = null, IamApiException? Failure = null)
{
    public bool Succeeded => Failure is null;
}
