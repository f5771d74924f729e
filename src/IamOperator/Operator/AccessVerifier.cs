using IamOperator.Iam;
using IamOperator.Reconciliation;
using IamOperator.Reconciliation.Desired;
using IamOperator.Reconciliation.Planning;
using IamOperator.Resources;

namespace IamOperator.Operator;

/// <summary>How IAM's policy simulator judged one access check.</summary>
public enum AccessCheckResult { Passed, Failed, Unverifiable }

/// <summary>
/// One check's verdict: the simulator's decision, the statements that decided it (policy name and position, never the
/// document) and the context keys the decision depended on that the check did not give.
/// </summary>
public sealed record AccessCheckVerdict(
    DesiredAccessCheck Check,
    AccessCheckResult Result,
    PolicySimulationResult? Simulation)
{
    /// <summary>
    /// Judges a simulator result against the check. A result with missing context values is unverifiable whatever it
    /// says: the decision may change once the keys are given, so it is never reported as passed. The key of the
    /// operator's own group ownership marker (<see cref="GroupOwnershipMarker.ConditionKey"/>) does not count: no
    /// request carries it, so its absence is the real request's case, not an unknown.
    /// </summary>
    public static AccessCheckVerdict Judge(DesiredAccessCheck check, PolicySimulationResult simulation)
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(simulation);
        simulation = simulation with
        {
            MissingContextValues = [.. simulation.MissingContextValues.Where(k => !string.Equals(k, GroupOwnershipMarker.ConditionKey, StringComparison.OrdinalIgnoreCase))],
        };
        var result = simulation.MissingContextValues.Count > 0 ? AccessCheckResult.Unverifiable
            : check.IsMetBy(ToEvaluation(simulation.Decision)) ? AccessCheckResult.Passed
            : AccessCheckResult.Failed;
        return new AccessCheckVerdict(check, result, simulation);
    }

    /// <summary>One line for status and Events: the check, and what IAM decided and why.</summary>
    public string Describe()
    {
        var subject = $"{Check.Field} {Check.Action} on {Check.Resource} (expect {Check.Expect})";
        if (Simulation is null) return $"{subject}: not simulated";
        if (Result == AccessCheckResult.Unverifiable)
            return $"{subject}: depends on context keys the check does not give: {string.Join(", ", Simulation.MissingContextValues)}";
        var decided = Simulation.Decision switch
        {
            SimulationDecision.Allowed => $"allowed by {Statements(Simulation.MatchedStatements)}",
            SimulationDecision.ExplicitDeny => $"explicitly denied by {Statements(Simulation.MatchedStatements)}",
            _ when Simulation.AllowedByPermissionsBoundary == false => "implicitly denied: the permissions boundary does not allow it",
            _ => "implicitly denied: no statement allows it",
        };
        return $"{subject}: {decided}";
    }

    private static string Statements(IReadOnlyList<SimulationMatchedStatement> statements) =>
        statements.Count == 0 ? "a statement IAM did not name" : string.Join(", ", statements.Select(Statement));

    // The policy's name and where the statement starts: enough to find it, without quoting the document into status.
    private static string Statement(SimulationMatchedStatement statement) =>
        $"{statement.SourcePolicyId ?? "an unnamed policy"}{(statement.SourcePolicyType is { Length: > 0 } type ? $" ({type})" : "")}"
        + (statement.Start is { } start ? $" statement at line {start.Line}, column {start.Column}" : "");

    private static Policies.EvaluationDecision ToEvaluation(SimulationDecision decision) => decision switch
    {
        SimulationDecision.Allowed => Policies.EvaluationDecision.Allowed,
        SimulationDecision.ExplicitDeny => Policies.EvaluationDecision.ExplicitDeny,
        _ => Policies.EvaluationDecision.ImplicitDeny,
    };
}

/// <summary>
/// The verdicts on a principal's checks, or why the simulator could not be asked; <see cref="ToCondition"/> is the
/// AccessVerified condition they come to.
/// </summary>
public sealed record AccessVerification(IReadOnlyList<AccessCheckVerdict> Verdicts, string? Problem = null)
{
    /// <summary>How many failing checks the condition message names; the rest are counted. Keeps status small.</summary>
    public const int MaxNamedChecks = 10;

    public int Count(AccessCheckResult result) => Verdicts.Count(v => v.Result == result);

    public ConditionState ToCondition()
    {
        if (Problem is not null)
            return new ConditionState(ConditionTypes.AccessVerified, ConditionState.False, AccessVerifiedReasons.AccessCheckUnverifiable,
                $"IAM's policy simulator could not be asked: {Problem}");
        var failed = Count(AccessCheckResult.Failed);
        var unverifiable = Count(AccessCheckResult.Unverifiable);
        if (failed == 0 && unverifiable == 0)
            return new ConditionState(ConditionTypes.AccessVerified, ConditionState.True, AccessVerifiedReasons.AccessChecksPassed,
                $"IAM's policy simulator decided all {Verdicts.Count} access checks as expected.");

        var reason = failed > 0 ? AccessVerifiedReasons.AccessCheckFailed : AccessVerifiedReasons.AccessCheckUnverifiable;
        var summary = failed > 0
            ? $"{failed} of {Verdicts.Count} access checks failed" + (unverifiable > 0 ? $", {unverifiable} unverifiable" : "")
            : $"{unverifiable} of {Verdicts.Count} access checks unverifiable";
        // Failed checks first: they are what someone has to act on.
        var notPassed = Verdicts.Where(v => v.Result != AccessCheckResult.Passed).OrderBy(v => v.Result == AccessCheckResult.Failed ? 0 : 1).ToList();
        var named = string.Join("; ", notPassed.Take(MaxNamedChecks).Select(v => v.Describe()));
        var more = notPassed.Count > MaxNamedChecks ? $"; and {notPassed.Count - MaxNamedChecks} more" : "";
        return new ConditionState(ConditionTypes.AccessVerified, ConditionState.False, reason, $"{summary}: {named}{more}");
    }
}

/// <summary>
/// Asks IAM's policy simulator (SimulatePrincipalPolicy, the authority on real AWS) how it decides a principal's
/// spec.accessChecks. For a user it includes the user's groups and permissions boundary, for a role its boundary, and for a
/// group only the group's own policies: "The entity can be an IAM user, group, or role"
/// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html), so a group's checks are
/// judged for a member with no other permissions.
/// </summary>
/// <remarks>
/// Calls: checks are grouped by their context (a call carries one set of ContextEntries); each group is one call with
/// its distinct actions and resources, whose cross product IAM evaluates. A group whose cross product would exceed
/// <see cref="MaxResultsPerCall"/> is asked one resource at a time, so a call never pages through thousands of results
/// that no check asked for. Checks without context (the usual case) on one or a few resources are one call.
/// </remarks>
public sealed class AccessVerifier(IIamApi iam)
{
    /// <summary>The largest action × resource product asked in one call (one page of the client's list calls).</summary>
    public const int MaxResultsPerCall = 1000;

    public async Task<AccessVerification> VerifyAsync(string principalArn, IReadOnlyList<DesiredAccessCheck> checks, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(principalArn);
        ArgumentNullException.ThrowIfNull(checks);
        var verdicts = new AccessCheckVerdict?[checks.Count];
        try
        {
            foreach (var call in Calls(checks))
            {
                var results = await iam.SimulatePrincipalPolicyAsync(principalArn,
                    new PolicySimulationRequest(call.Actions, call.Resources, call.Checks[0].Check.ToSimulationContext()), cancellationToken).ConfigureAwait(false);
                foreach (var (position, check) in call.Checks)
                {
                    // IAM echoes the action as asked; action names compare case-insensitively, ARNs exactly.
                    var result = results.FirstOrDefault(r => string.Equals(r.ActionName, check.Action, StringComparison.OrdinalIgnoreCase)
                        && string.Equals(r.ResourceName, check.Resource, StringComparison.Ordinal));
                    verdicts[position] = result is null
                        ? new AccessCheckVerdict(check, AccessCheckResult.Unverifiable, null)
                        : AccessCheckVerdict.Judge(check, result);
                }
            }
        }
        catch (IamApiException e)
        {
            return new AccessVerification([], $"{e.Code}: {e.IamMessage}");
        }

        return new AccessVerification([.. verdicts.OfType<AccessCheckVerdict>()]);
    }

    private sealed record Call(IReadOnlyList<string> Actions, IReadOnlyList<string> Resources, IReadOnlyList<(int Position, DesiredAccessCheck Check)> Checks);

    private static IEnumerable<Call> Calls(IReadOnlyList<DesiredAccessCheck> checks)
    {
        foreach (var sameContext in checks.Select((check, position) => (Position: position, Check: check)).GroupBy(c => ContextKey(c.Check), StringComparer.Ordinal))
        {
            var group = sameContext.ToList();
            var actions = group.Select(c => c.Check.Action).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var resources = group.Select(c => c.Check.Resource).Distinct(StringComparer.Ordinal).ToList();
            if (actions.Count * resources.Count <= MaxResultsPerCall)
            {
                yield return new Call(actions, resources, group);
                continue;
            }

            foreach (var sameResource in group.GroupBy(c => c.Check.Resource, StringComparer.Ordinal))
                yield return new Call([.. sameResource.Select(c => c.Check.Action).Distinct(StringComparer.OrdinalIgnoreCase)], [sameResource.Key], [.. sameResource]);
        }
    }

    // Keys compare case-insensitively as IAM's condition keys do; values and types exactly.
    private static string ContextKey(DesiredAccessCheck check) =>
        string.Join("\n", check.Context
            .OrderBy(c => c.Key, StringComparer.OrdinalIgnoreCase)
            .Select(c => $"{c.Key.ToLowerInvariant()}\t{c.Type}\t{string.Join("\t", c.Values)}"));
}
