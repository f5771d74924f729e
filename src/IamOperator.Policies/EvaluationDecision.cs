namespace IamOperator.Policies;

/// <summary>
/// IAM's three outcomes of evaluating a request (the policy simulator's <c>EvalDecision</c>:
/// <c>allowed</c>, <c>explicitDeny</c>, <c>implicitDeny</c>).
/// </summary>
public enum EvaluationDecision { Allowed, ExplicitDeny, ImplicitDeny }
