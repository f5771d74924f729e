using IamOperator.Iam;
using IamOperator.Reconciliation.Desired;

namespace IamOperator.Reconciliation.Access;

/// <summary>
/// Verifying a principal's access checks with IAM's simulator (SimulatePrincipalPolicy), for apply and the
/// controller alike: one call per distinct context of the checks (usually one). The simulator judges every
/// action on every resource of a call under one context, so the checks sharing a context share the call, and the
/// client follows the result pages (1000 results each). IAM sets no limit on the number of actions or resources;
/// a resource has at most 100 checks, so a call asks at most 10 000 pairs.
/// </summary>
public static class AccessCheckSimulation
{
    /// <summary>The simulator requests that answer <paramref name="checks"/>, each with the checks it answers.</summary>
    public static IReadOnlyList<(PolicySimulationRequest Request, IReadOnlyList<DesiredAccessCheck> Checks)> Requests(IReadOnlyList<DesiredAccessCheck> checks)
    {
        ArgumentNullException.ThrowIfNull(checks);
        return [.. checks.GroupBy(ContextKey).Select(group =>
        {
            var request = new PolicySimulationRequest(
                [.. group.Select(c => c.Action).Distinct(StringComparer.OrdinalIgnoreCase)],
                [.. group.Select(c => c.Resource).Distinct(StringComparer.Ordinal)],
                group.First().ToSimulationContext());
            return (request, (IReadOnlyList<DesiredAccessCheck>)[.. group]);
        })];
    }

    /// <summary>
    /// Every check of the principal at <paramref name="principalArn"/> as IAM's simulator decides it, in the checks'
    /// order. A refused or failed simulation makes its checks unverifiable, naming IAM's error; it is not thrown.
    /// </summary>
    public static async Task<IReadOnlyList<AccessCheckResult>> VerifyAsync(
        IIamApi iam, ResourceKey resource, string principal, string principalArn, IReadOnlyList<DesiredAccessCheck> checks, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(iam);
        var results = new List<AccessCheckResult>();
        foreach (var (request, answered) in Requests(checks))
        {
            try
            {
                var simulated = await iam.SimulatePrincipalPolicyAsync(principalArn, request, ct).ConfigureAwait(false);
                foreach (var check in answered)
                {
                    var result = simulated.FirstOrDefault(r => string.Equals(r.ActionName, check.Action, StringComparison.OrdinalIgnoreCase)
                        && string.Equals(r.ResourceName, check.Resource, StringComparison.Ordinal));
                    results.Add(result is null
                        ? AccessCheckJudge.NotJudged(resource, principal, check, "IAM's simulator returned no result for the action and resource")
                        : AccessCheckJudge.Simulated(resource, principal, check, result));
                }
            }
            catch (IamApiException e)
            {
                results.AddRange(answered.Select(c => AccessCheckJudge.NotJudged(resource, principal, c, $"IAM's simulator could not be asked ({e.Code}: {e.IamMessage})")));
            }
        }
        return [.. results.OrderBy(r => r.Index)];
    }

    /// <summary>Checks with the same context keys, types and values (keys compared as IAM does, case-insensitively) share a call.</summary>
    private static string ContextKey(DesiredAccessCheck check) =>
        string.Join("\n", check.Context.OrderBy(c => c.Key, StringComparer.OrdinalIgnoreCase)
            .Select(c => $"{c.Key.ToUpperInvariant()}\t{c.Type}\t{string.Join("\t", c.Values)}"));
}
