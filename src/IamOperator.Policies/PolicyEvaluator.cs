namespace IamOperator.Policies;

/// <summary>
/// AWS's evaluation logic for one principal's identity-based policies within one account (IAM User Guide,
/// "Policy evaluation logic" and "Policy evaluation for requests within a single account"):
/// <list type="number">
/// <item>a <c>Deny</c> statement that applies, in any identity policy or in the permissions boundary, is an explicit deny;</item>
/// <item>otherwise an <c>Allow</c> statement that applies in an identity policy allows, when there is no boundary
/// or the boundary also has an applicable <c>Allow</c> (the effective permissions are the intersection);</item>
/// <item>otherwise the request is implicitly denied.</item>
/// </list>
/// A statement applies when its <c>Action</c> matches (for <c>NotAction</c>: none of its entries matches), its
/// <c>Resource</c> matches (for <c>NotResource</c>: none matches) and every condition holds.
/// Out of scope, because they are not in what this operator manages: service control and resource control
/// policies, resource-based policies, session policies and cross-account requests. A caller that needs
/// them must ask IAM (the <c>SimulatePrincipalPolicy</c> API).
/// </summary>
public static class PolicyEvaluator
{
    public static EvaluationResult Evaluate(EvaluationRequest request, IReadOnlyList<SourcedPolicy> identityPolicies, SourcedPolicy? permissionsBoundary = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(identityPolicies);
        var scope = new RequestScope(request);

        var identity = identityPolicies.SelectMany(p => Applicable(p, request, scope, inBoundary: false)).ToList();
        var boundary = permissionsBoundary is null ? [] : Applicable(permissionsBoundary, request, scope, inBoundary: true).ToList();

        var denies = identity.Concat(boundary).Where(s => s.Effect == PolicyEffect.Deny).ToList();
        if (denies.Count > 0) return new EvaluationResult(EvaluationDecision.ExplicitDeny, denies, scope.MissingKeys);

        var allows = identity.Where(s => s.Effect == PolicyEffect.Allow).ToList();
        if (allows.Count == 0) return new EvaluationResult(EvaluationDecision.ImplicitDeny, [], scope.MissingKeys);

        // A permissions boundary limits but never grants: it must allow too.
        if (permissionsBoundary is not null && boundary.Count == 0)
            return new EvaluationResult(EvaluationDecision.ImplicitDeny, allows, scope.MissingKeys) { DeniedByPermissionsBoundary = true };

        return new EvaluationResult(EvaluationDecision.Allowed, [.. allows, .. boundary], scope.MissingKeys);
    }

    private static IEnumerable<MatchedStatement> Applicable(SourcedPolicy policy, EvaluationRequest request, RequestScope scope, bool inBoundary)
    {
        var version = policy.Document.EffectiveVersion;
        foreach (var statement in policy.Document.Statements)
        {
            if (!ActionApplies(statement.Action, request.Action)) continue;
            // Resource first, then conditions, each reporting the context keys it lacked. A statement that cannot
            // apply to the resource whatever the context holds asks for no keys: they could not change the decision.
            var (resource, unresolved) = ResourceApplies(statement.Resource, request.Resource, version, scope);
            if (!resource && !unresolved) continue;
            var conditions = ConditionEvaluator.Holds(statement.Conditions, version, scope);
            if (resource && conditions)
                yield return new MatchedStatement(policy.Source, statement.Index, statement.Sid, statement.Effect, inBoundary);
        }
    }

    private static bool ActionApplies(ActionBlock block, string action)
    {
        var matched = block.Actions.Any(pattern => PatternCoverage.ActionMatches(pattern, action));
        return matched != block.IsNotAction;
    }

    /// <summary>Whether the resource applies, and whether a pattern had a variable with no value (then it may once supplied).</summary>
    private static (bool Applies, bool Unresolved) ResourceApplies(ResourceBlock? block, string resource, string version, RequestScope scope)
    {
        // An identity policy statement without Resource is refused by the guardrails; it grants nothing.
        if (block is null) return (false, false);
        var literal = PolicyVariables.Literal(resource);
        var matched = false;
        var unresolved = false;
        foreach (var pattern in block.Resources)
        {
            // A pattern whose variable has no value matches nothing (IAM: "Policy variables with no value").
            var resolved = PolicyVariables.Substitute(pattern, version, scope);
            unresolved |= resolved is null;
            if (resolved is not null && PatternCoverage.ArnMatches(resolved, literal)) matched = true;
        }
        return (matched != block.IsNotResource, unresolved);
    }
}
