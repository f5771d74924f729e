using IamOperator.Iam;
using IamOperator.Policies;
using IamOperator.Reconciliation.Desired;
using IamOperator.Reconciliation.Planning;

namespace IamOperator.Reconciliation.Access;

/// <summary>
/// Pure: an access check's result from the local engine (plan) or from IAM's simulator (apply, the operator).
/// A decision that depends on context keys the check did not supply is <see cref="AccessCheckStatus.Unverifiable"/>,
/// never a pass: supplying them may change it.
/// </summary>
public static class AccessCheckJudge
{
    /// <summary>
    /// The request the check describes for <paramref name="kind"/> <paramref name="principal"/>. For a user, IAM's
    /// simulator takes the user as the caller (CallerArn defaults to the PolicySourceArn user), so
    /// <c>aws:username</c> is the user's name unless the check gives it.
    /// </summary>
    public static EvaluationRequest RequestFor(IamEntityKind kind, string principal, DesiredAccessCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        var request = check.ToEvaluationRequest();
        return kind == IamEntityKind.User && !request.Context.ContainsKey(UserNameKey) ? request.With(UserNameKey, principal) : request;
    }

    private const string UserNameKey = "aws:username";

    /// <summary>The check judged by <see cref="PolicyEvaluator"/> against the principal's resolved policies.</summary>
    public static AccessCheckResult Locally(ResourceKey resource, IamEntityKind kind, string principal, DesiredAccessCheck check, ResolvedPolicies policies)
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(policies);
        var boundary = policies.Boundary ?? (policies.HasBoundary ? Unreadable : null);
        var result = PolicyEvaluator.Evaluate(RequestFor(kind, principal, check), policies.Identity, boundary);
        var decidedBy = result.MatchedStatements.Select(s => s.ToString()).ToList();
        if (policies.Unavailable.Count > 0)
        {
            return Result(resource, principal, check, Spell(result.Decision), AccessCheckStatus.Unverifiable, decidedBy, result.MissingContextKeys,
                $"policies not available: {string.Join(", ", policies.Unavailable)}");
        }

        return Decided(resource, principal, check, result.Decision, decidedBy, result.MissingContextKeys);
    }

    /// <summary>The check as IAM's simulator decided it.</summary>
    public static AccessCheckResult Simulated(ResourceKey resource, string principal, DesiredAccessCheck check, PolicySimulationResult result)
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(result);
        var decision = result.Decision switch
        {
            SimulationDecision.Allowed => EvaluationDecision.Allowed,
            SimulationDecision.ExplicitDeny => EvaluationDecision.ExplicitDeny,
            _ => EvaluationDecision.ImplicitDeny,
        };
        var decidedBy = result.MatchedStatements.Select(Statement).ToList();
        // The operator's group ownership marker conditions on a key no AWS request carries, so the decision without
        // it (which the simulator reports) is the real one: that key is never "missing".
        var missing = result.MissingContextValues
            .Where(k => !string.Equals(k, GroupOwnershipMarker.ConditionKey, StringComparison.OrdinalIgnoreCase)).ToList();
        return Decided(resource, principal, check, decision, decidedBy, missing);
    }

    // The policy's name and where the statement starts: enough to find it, without quoting the document into status.
    private static string Statement(SimulationMatchedStatement statement) =>
        $"{statement.SourcePolicyId ?? "an unnamed policy"}{(statement.SourcePolicyType is { Length: > 0 } type ? $" ({type})" : "")}"
        + (statement.Start is { } start ? $" statement at line {start.Line}, column {start.Column}" : "");

    /// <summary>A check that could not be judged at all, with why.</summary>
    public static AccessCheckResult NotJudged(ResourceKey resource, string principal, DesiredAccessCheck check, string reason)
    {
        ArgumentNullException.ThrowIfNull(check);
        return Result(resource, principal, check, null, AccessCheckStatus.Unverifiable, [], [], reason);
    }

    private static AccessCheckResult Decided(ResourceKey resource, string principal, DesiredAccessCheck check, EvaluationDecision decision,
        IReadOnlyList<string> decidedBy, IReadOnlyList<string> missing) =>
        missing.Count > 0
            ? Result(resource, principal, check, Spell(decision), AccessCheckStatus.Unverifiable, decidedBy, missing, "the decision depends on context keys the check does not give")
            : Result(resource, principal, check, Spell(decision), check.IsMetBy(decision) ? AccessCheckStatus.Passed : AccessCheckStatus.Failed, decidedBy, [], null);

    private static AccessCheckResult Result(ResourceKey resource, string principal, DesiredAccessCheck check, string? decision, AccessCheckStatus status,
        IReadOnlyList<string> decidedBy, IReadOnlyList<string> missing, string? reason) =>
        new(resource, principal, check.Index, check.Action, check.Resource, check.Expect, decision, status, decidedBy, missing, reason);

    /// <summary>IAM's EvalDecision spelling.</summary>
    public static string Spell(EvaluationDecision decision) => decision switch
    {
        EvaluationDecision.Allowed => "allowed",
        EvaluationDecision.ExplicitDeny => "explicitDeny",
        _ => "implicitDeny",
    };

    // A boundary that is set but unreadable allows nothing: judged as a boundary without statements.
    private static readonly SourcedPolicy Unreadable = new("permissions boundary (unavailable)", PolicyDocument.Parse("""{"Version":"2012-10-17","Statement":[]}"""));
}
