using IamOperator.Iam;
using IamOperator.Reconciliation.Desired;

namespace IamOperator.Reconciliation.Access;

/// <summary>One access check as IAM's simulator decided it: the judged result, and IAM's answer when there was one.</summary>
public sealed record SimulatedAccessCheck(DesiredAccessCheck Check, AccessCheckResult Result, PolicySimulationResult? Simulation)
{
    /// <summary>The check judged from IAM's answer for its action and resource (<see cref="AccessCheckJudge.Simulated"/>).</summary>
    public static SimulatedAccessCheck Judge(ResourceKey resource, string principal, DesiredAccessCheck check, PolicySimulationResult simulation) =>
        new(check, AccessCheckJudge.Simulated(resource, principal, check, simulation), simulation);
}

/// <summary>
/// A principal's checks as IAM's simulator decided them, in the checks' order; <see cref="Problem"/> is IAM's error
/// (<c>Code: message</c>) when the simulator could not be asked, and then the checks it did not answer are unverifiable.
/// </summary>
public sealed record SimulatedAccessChecks(IReadOnlyList<SimulatedAccessCheck> Checks, string? Problem)
{
    public IReadOnlyList<AccessCheckResult> Results => [.. Checks.Select(c => c.Result)];
}

/// <summary>
/// Verifying a principal's access checks with IAM's simulator (SimulatePrincipalPolicy, the authority on real AWS),
/// for apply and the controller alike. For a user IAM includes the user's groups and permissions boundary, for a role
/// its boundary, and for a group only the group's own policies: "The entity can be an IAM user, group, or role"
/// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html), so a group's checks are
/// judged for a member with no other permissions.
/// </summary>
/// <remarks>
/// Calls: a call carries one set of ContextEntries, so checks are grouped by their context (usually one group); each
/// group is one call with its distinct actions and resources, whose cross product IAM evaluates. A group whose cross
/// product would exceed <see cref="MaxResultsPerCall"/> is asked one resource at a time, so a call never pages through
/// thousands of results that no check asked for.
/// </remarks>
public static class AccessCheckSimulation
{
    /// <summary>The largest action × resource product asked in one call (one page of the client's list calls).</summary>
    public const int MaxResultsPerCall = 1000;

    /// <summary>The simulator requests that answer <paramref name="checks"/>, each with the checks it answers.</summary>
    public static IReadOnlyList<(PolicySimulationRequest Request, IReadOnlyList<DesiredAccessCheck> Checks)> Requests(IReadOnlyList<DesiredAccessCheck> checks)
    {
        ArgumentNullException.ThrowIfNull(checks);
        var requests = new List<(PolicySimulationRequest, IReadOnlyList<DesiredAccessCheck>)>();
        foreach (var sameContext in checks.GroupBy(ContextKey, StringComparer.Ordinal))
        {
            var resources = sameContext.Select(c => c.Resource).Distinct(StringComparer.Ordinal).Count();
            if (Actions(sameContext).Count * resources <= MaxResultsPerCall)
                requests.Add(Request([.. sameContext]));
            else
                requests.AddRange(sameContext.GroupBy(c => c.Resource, StringComparer.Ordinal).Select(sameResource => Request([.. sameResource])));
        }
        return requests;
    }

    private static (PolicySimulationRequest, IReadOnlyList<DesiredAccessCheck>) Request(IReadOnlyList<DesiredAccessCheck> checks) =>
        (new PolicySimulationRequest(Actions(checks), [.. checks.Select(c => c.Resource).Distinct(StringComparer.Ordinal)], checks[0].ToSimulationContext()), checks);

    private static List<string> Actions(IEnumerable<DesiredAccessCheck> checks) => [.. checks.Select(c => c.Action).Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>
    /// Every check of <paramref name="principal"/> (at <paramref name="principalArn"/>) as IAM's simulator decides it, in
    /// the checks' order. An IAM error is not thrown: it stops asking (the next call would meet the same refusal) and
    /// makes the checks not yet answered unverifiable, naming the error.
    /// </summary>
    public static async Task<SimulatedAccessChecks> SimulateAsync(
        IIamApi iam, ResourceKey resource, string principal, string principalArn, IReadOnlyList<DesiredAccessCheck> checks, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(iam);
        ArgumentException.ThrowIfNullOrEmpty(principalArn);
        var judged = new List<SimulatedAccessCheck>();
        string? problem = null;
        foreach (var (request, answered) in Requests(checks))
        {
            if (problem is null)
            {
                try
                {
                    var simulated = await iam.SimulatePrincipalPolicyAsync(principalArn, request, ct).ConfigureAwait(false);
                    foreach (var check in answered)
                    {
                        // IAM echoes the action as asked; action names compare case-insensitively, ARNs exactly.
                        var result = simulated.FirstOrDefault(r => string.Equals(r.ActionName, check.Action, StringComparison.OrdinalIgnoreCase)
                            && string.Equals(r.ResourceName, check.Resource, StringComparison.Ordinal));
                        judged.Add(result is null
                            ? new SimulatedAccessCheck(check, AccessCheckJudge.NotJudged(resource, principal, check, "IAM's simulator returned no result for the action and resource"), null)
                            : SimulatedAccessCheck.Judge(resource, principal, check, result));
                    }
                    continue;
                }
                catch (IamApiException e)
                {
                    problem = $"{e.Code}: {e.IamMessage}";
                }
            }
            judged.AddRange(answered.Select(c => new SimulatedAccessCheck(c,
                AccessCheckJudge.NotJudged(resource, principal, c, $"IAM's simulator could not be asked ({problem})"), null)));
        }
        return new SimulatedAccessChecks([.. judged.OrderBy(j => j.Check.Index)], problem);
    }

    /// <summary>The results of <see cref="SimulateAsync"/>, for callers that need only them (apply).</summary>
    public static async Task<IReadOnlyList<AccessCheckResult>> VerifyAsync(
        IIamApi iam, ResourceKey resource, string principal, string principalArn, IReadOnlyList<DesiredAccessCheck> checks, CancellationToken ct) =>
        (await SimulateAsync(iam, resource, principal, principalArn, checks, ct).ConfigureAwait(false)).Results;

    /// <summary>Checks with the same context keys, types and values (keys compared as IAM does, case-insensitively) share a call.</summary>
    private static string ContextKey(DesiredAccessCheck check) =>
        string.Join("\n", check.Context.OrderBy(c => c.Key, StringComparer.OrdinalIgnoreCase)
            .Select(c => $"{c.Key.ToUpperInvariant()}\t{c.Type}\t{string.Join("\t", c.Values)}"));
}
