namespace IamOperator.Iam.Emulator.Simulation;

/// <summary>A statement that decided a simulation, and the policy it came from.</summary>
internal sealed record MatchedStatement(SimulatedPolicy Policy, SimulatedStatement Statement);

/// <summary>
/// One EvaluationResult (https://docs.aws.amazon.com/IAM/latest/APIReference/API_EvaluationResult.html).
/// <see cref="AllowedByPermissionsBoundary"/> is null when no permissions boundary took part.
/// </summary>
internal sealed record SimulationResult(
    string Action,
    string Resource,
    string Decision,
    IReadOnlyList<MatchedStatement> MatchedStatements,
    IReadOnlyList<string> MissingContextValues,
    bool? AllowedByPermissionsBoundary);

/// <summary>
/// AWS's evaluation logic for identity-based policies and permissions boundaries within one account
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html): an explicit deny in
/// any policy wins; otherwise the request is allowed when an identity policy allows it and, if a boundary is set,
/// the boundary allows it too; otherwise it is implicitly denied. Written for the emulator alone, independently
/// of the operator's engine, so that the two can check each other.
/// </summary>
internal static class PolicySimulator
{
    public const string Allowed = "allowed";
    public const string ExplicitDeny = "explicitDeny";
    public const string ImplicitDeny = "implicitDeny";

    public static SimulationResult Evaluate(
        IReadOnlyList<SimulatedPolicy> identityPolicies,
        IReadOnlyList<SimulatedPolicy> boundaryPolicies,
        string action,
        string resource,
        SimulationContext context)
    {
        var missing = new List<string>();
        var identity = Applicable(identityPolicies, action, resource, context, missing);
        var boundary = Applicable(boundaryPolicies, action, resource, context, missing);
        var denies = identity.Concat(boundary).Where(match => !match.Statement.IsAllow).ToList();
        var identityAllows = identity.Where(match => match.Statement.IsAllow).ToList();
        var boundaryAllows = boundary.Where(match => match.Statement.IsAllow).ToList();
        bool? allowedByBoundary = boundaryPolicies.Count == 0 ? null : boundaryAllows.Count > 0 && !boundary.Any(match => !match.Statement.IsAllow);

        var (decision, matched) = denies.Count > 0 ? (ExplicitDeny, denies)
            : identityAllows.Count > 0 && allowedByBoundary is null or true ? (Allowed, identityAllows.Concat(boundaryAllows).ToList())
            : (ImplicitDeny, []);
        return new SimulationResult(action, resource, decision, matched, missing.Distinct(StringComparer.OrdinalIgnoreCase).ToList(), allowedByBoundary);
    }

    /// <summary>
    /// Statements whose action, resource and conditions all match. A statement whose action matches asks for the keys
    /// its conditions and policy variables read; those the context lacks go to <paramref name="missing"/>, unless the
    /// statement cannot apply to the resource whatever they are (its resource patterns resolved and none matched).
    /// </summary>
    private static List<MatchedStatement> Applicable(
        IReadOnlyList<SimulatedPolicy> policies, string action, string resource, SimulationContext context, List<string> missing)
    {
        var matches = new List<MatchedStatement>();
        foreach (var policy in policies)
        {
            foreach (var statement in policy.Statements)
            {
                if (!MatchesAction(statement, action))
                {
                    continue;
                }

                var asked = new List<string>();
                var (resourceMatches, unresolved) = MatchesResource(policy, statement, resource, context, asked);
                if (!resourceMatches && !unresolved)
                {
                    continue;
                }

                var applies = resourceMatches;
                foreach (var clause in statement.Conditions)
                {
                    // Every clause is judged, so that each one's missing keys are reported.
                    var holds = ConditionEvaluator.Holds(clause, context, policy.HasVariables, asked);
                    applies &= holds;
                }

                missing.AddRange(asked);
                if (applies)
                {
                    matches.Add(new MatchedStatement(policy, statement));
                }
            }
        }

        return matches;
    }

    /// <summary>Action names match case-insensitively (reference_policies_elements_action.html).</summary>
    private static bool MatchesAction(SimulatedStatement statement, string action)
    {
        var any = statement.Actions.Any(pattern => Glob.Matches(pattern, action, ignoreCase: true));
        return statement.IsNotAction ? !any : any;
    }

    /// <summary>
    /// A resource pattern whose policy variable has no value matches nothing (reference_policies_variables.html);
    /// <c>Unresolved</c> says some pattern had such a variable, so the answer may change once it is supplied.
    /// </summary>
    private static (bool Matches, bool Unresolved) MatchesResource(
        SimulatedPolicy policy, SimulatedStatement statement, string resource, SimulationContext context, List<string> missing)
    {
        var patterns = statement.Resources.Select(pattern => context.Substitute(pattern, policy.HasVariables, missing)).ToList();
        var any = patterns.OfType<string>().Any(pattern => Glob.MatchesArn(pattern, resource));
        return (statement.IsNotResource ? !any : any, patterns.Contains(null));
    }
}
