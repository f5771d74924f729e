namespace IamOperator.Policies;

/// <summary>
/// The decision on one request. <see cref="MatchedStatements"/> are the statements that decided it: the
/// <c>Deny</c> statements for <see cref="EvaluationDecision.ExplicitDeny"/>, the <c>Allow</c> statements of
/// the identity policies (and of the boundary, marked) for <see cref="EvaluationDecision.Allowed"/>, and for
/// an implicit deny the identity <c>Allow</c> statements the boundary cut off (none when nothing allowed it).
/// <see cref="MissingContextKeys"/> are the condition keys and variables the applicable statements refer to
/// that the request did not carry, as IAM's simulator reports <c>MissingContextValues</c>: the decision
/// may change once they are supplied.
/// </summary>
public sealed record EvaluationResult(
    EvaluationDecision Decision,
    IReadOnlyList<MatchedStatement> MatchedStatements,
    IReadOnlyList<string> MissingContextKeys)
{
    /// <summary>True when the identity policies allow the request and the permissions boundary does not.</summary>
    public bool DeniedByPermissionsBoundary { get; init; }

    public bool IsAllowed => Decision == EvaluationDecision.Allowed;
}
