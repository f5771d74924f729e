using System.Text.Json.Serialization;

namespace IamOperator.Reconciliation.Planning;

/// <summary>Why a plan cannot proceed: a <see cref="Resources.ConditionReasons"/> reason and a message for people.</summary>
/// <param name="DeclarationAtFault">
/// The declaration itself asks for what IAM would refuse, whatever IAM holds (more managed policies than the
/// account's attachment quota, more new entities than its entity quota): invalid input, not an IAM failure,
/// even when the reason is IAM's own (LimitExceeded). False when IAM's state blocks it (another owner, an
/// entity already at IAM's tag limit).
/// </param>
public sealed record PlanBlocker(
    string Reason,
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool DeclarationAtFault = false);
