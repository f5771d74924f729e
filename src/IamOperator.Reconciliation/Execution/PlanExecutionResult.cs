using IamOperator.Iam;
using IamOperator.Reconciliation.Planning;

namespace IamOperator.Reconciliation.Execution;

/// <summary>
/// How far a plan got: the writes made, and the action that failed with IAM's error (null when all
/// succeeded). What IAM answered to creates (ARN, id, instance profile ARN, new default version) is
/// kept, so status needs no read after the writes.
/// </summary>
public sealed record PlanExecutionResult(int Writes, PlannedIamWrite? FailedAction = null, IamApiException? Failure = null)
{
    public bool Succeeded => Failure is null;
    public string? CreatedArn { get; init; }
    public string? CreatedId { get; init; }
    public string? InstanceProfileArn { get; init; }
    public string? DefaultVersionId { get; init; }
}
