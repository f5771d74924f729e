using IamOperator.Iam;
using IamOperator.Reconciliation;
using IamOperator.Reconciliation.Access;
using IamOperator.Reconciliation.Desired;
using IamOperator.Resources;

namespace IamOperator.Operator;

/// <summary>
/// The verdicts on a principal's checks (judged by <see cref="AccessCheckSimulation"/>), or why the simulator could not
/// be asked; <see cref="ToCondition"/> is the AccessVerified condition they come to.
/// </summary>
public sealed record AccessVerification(IReadOnlyList<SimulatedAccessCheck> Verdicts, string? Problem = null)
{
    /// <summary>How many failing checks the condition message names; the rest are counted. Keeps status small.</summary>
    public const int MaxNamedChecks = 10;

    public int Count(AccessCheckStatus status) => Verdicts.Count(v => v.Result.Status == status);

    public ConditionState ToCondition()
    {
        if (Problem is not null)
        {
            return new ConditionState(ConditionTypes.AccessVerified, ConditionState.False, AccessVerifiedReasons.AccessCheckUnverifiable,
                $"IAM's policy simulator could not be asked: {Problem}");
        }

        var failed = Count(AccessCheckStatus.Failed);
        var unverifiable = Count(AccessCheckStatus.Unverifiable);
        if (failed == 0 && unverifiable == 0)
        {
            return new ConditionState(ConditionTypes.AccessVerified, ConditionState.True, AccessVerifiedReasons.AccessChecksPassed,
                $"IAM's policy simulator decided all {Verdicts.Count} access checks as expected.");
        }

        var reason = failed > 0 ? AccessVerifiedReasons.AccessCheckFailed : AccessVerifiedReasons.AccessCheckUnverifiable;
        var summary = failed > 0
            ? $"{failed} of {Verdicts.Count} access checks failed" + (unverifiable > 0 ? $", {unverifiable} unverifiable" : "")
            : $"{unverifiable} of {Verdicts.Count} access checks unverifiable";
        // Failed checks first: they are what someone has to act on.
        var notPassed = Verdicts.Where(v => v.Result.Status != AccessCheckStatus.Passed).OrderBy(v => v.Result.Status == AccessCheckStatus.Failed ? 0 : 1).ToList();
        var named = string.Join("; ", notPassed.Take(MaxNamedChecks).Select(Describe));
        var more = notPassed.Count > MaxNamedChecks ? $"; and {notPassed.Count - MaxNamedChecks} more" : "";
        return new ConditionState(ConditionTypes.AccessVerified, ConditionState.False, reason, $"{summary}: {named}{more}");
    }

    /// <summary>One line for status and Events: the check by its field path, and what IAM decided and why.</summary>
    public static string Describe(SimulatedAccessCheck verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var (check, result, simulation) = verdict;
        var subject = $"{check.Field} {check.Action} on {check.Resource} (expect {check.Expect})";
        if (simulation is null) return $"{subject}: not simulated";
        if (result.Status == AccessCheckStatus.Unverifiable)
            return $"{subject}: depends on context keys the check does not give: {string.Join(", ", result.MissingContextKeys)}";
        var decided = simulation.Decision switch
        {
            SimulationDecision.Allowed => $"allowed by {Statements(result.DecidedBy)}",
            SimulationDecision.ExplicitDeny => $"explicitly denied by {Statements(result.DecidedBy)}",
            _ when simulation.AllowedByPermissionsBoundary == false => "implicitly denied: the permissions boundary does not allow it",
            _ => "implicitly denied: no statement allows it",
        };
        return $"{subject}: {decided}";
    }

    private static string Statements(IReadOnlyList<string> statements) =>
        statements.Count == 0 ? "a statement IAM did not name" : string.Join(", ", statements);
}

/// <summary>
/// The controller's entry to <see cref="AccessCheckSimulation"/>: asks IAM's policy simulator about a principal's
/// spec.accessChecks and turns the answer into an <see cref="AccessVerification"/>. Grouping, calls and judging live
/// there, shared with apply.
/// </summary>
public sealed class AccessVerifier(IIamApi iam)
{
    public async Task<AccessVerification> VerifyAsync(ResourceKey resource, string principal, string principalArn,
        IReadOnlyList<DesiredAccessCheck> checks, CancellationToken cancellationToken)
    {
        var simulated = await AccessCheckSimulation.SimulateAsync(iam, resource, principal, principalArn, checks, cancellationToken).ConfigureAwait(false);
        // A simulator that could not be asked judged nothing: the condition names IAM's error instead of the checks.
        return simulated.Problem is null ? new AccessVerification(simulated.Checks) : new AccessVerification([], simulated.Problem);
    }
}
