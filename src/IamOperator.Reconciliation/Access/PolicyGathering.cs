using IamOperator.Policies;

namespace IamOperator.Reconciliation.Access;

/// <summary>
/// Pure: which policies apply to a principal in a state, and with what documents. A user gets its inline and
/// attached managed policies, those of each of its groups, and its permissions boundary; a role its own and its
/// boundary; a group its own (its checks are judged for a member with no other permissions, so no boundary).
/// </summary>
public static class PolicyGathering
{
    /// <summary>
    /// The principal's policies in <paramref name="state"/>, ordered by path; <see cref="GatheredPolicies.None"/> when
    /// the state has no such principal.
    /// </summary>
    public static GatheredPolicies Gather(IamEntityKind kind, string name, PermissionsState state)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(state);
        if (kind == IamEntityKind.Policy || state.Principal(kind, name) is not { } principal) return GatheredPolicies.None;

        var identity = new List<PolicyReference>(Own(principal, "", state));
        var missing = new List<string>();
        foreach (var groupName in principal.GroupNames.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (state.Principal(IamEntityKind.Group, groupName) is { } group) identity.AddRange(Own(group, $"group {group.Name} → ", state));
            else missing.Add(groupName);
        }
        var boundary = principal.PermissionsBoundaryArn is { } arn ? Managed(arn, "permissions boundary ", state) : null;
        return new GatheredPolicies(
            [.. identity.OrderBy(r => r.Via, StringComparer.Ordinal)],
            boundary,
            [.. missing.Order(StringComparer.Ordinal)]);
    }

    /// <summary>
    /// The gathering with every document parsed: AWS managed documents from <paramref name="awsManagedDocument"/>
    /// (null when it could not be read). A policy whose document is unknown or unreadable is named in
    /// <see cref="ResolvedPolicies.Unavailable"/> rather than dropped silently, since without it a decision may be wrong.
    /// </summary>
    public static ResolvedPolicies Resolve(GatheredPolicies gathered, Func<string, string?> awsManagedDocument)
    {
        ArgumentNullException.ThrowIfNull(gathered);
        ArgumentNullException.ThrowIfNull(awsManagedDocument);
        var unavailable = new List<string>(gathered.MissingGroups.Select(g => $"group {g} (neither declared nor in the account)"));
        SourcedPolicy? Parse(PolicyReference reference)
        {
            var text = reference.Document ?? (reference.IsAwsManaged ? awsManagedDocument(reference.ManagedPolicyArn!) : null);
            if (text is null) { unavailable.Add($"{reference.Via} (document not available)"); return null; }
            try
            {
                return new SourcedPolicy(reference.Via, PolicyDocument.Parse(text));
            }
            catch (PolicyDocumentException)
            {
                unavailable.Add($"{reference.Via} (document not readable)");
                return null;
            }
        }
        var identity = gathered.Identity.Select(Parse).OfType<SourcedPolicy>().ToList();
        var boundary = gathered.Boundary is { } b ? Parse(b) : null;
        return new ResolvedPolicies(identity, boundary, gathered.Boundary is not null, unavailable);
    }

    private static IEnumerable<PolicyReference> Own(PrincipalPolicies principal, string prefix, PermissionsState state)
    {
        foreach (var arn in principal.ManagedPolicyArns) yield return Managed(arn, prefix, state);
        foreach (var (policyName, document) in principal.InlinePolicies) yield return new PolicyReference($"{prefix}inline policy {policyName}", null, document);
    }

    private static PolicyReference Managed(string arn, string prefix, PermissionsState state)
    {
        var reference = new PolicyReference(prefix + arn[(arn.LastIndexOf('/') + 1)..], arn, null);
        return reference.IsAwsManaged ? reference : reference with { Document = state.CustomerManagedDocument(arn) };
    }
}

/// <summary>
/// A principal's policies with their documents, ready for <see cref="PolicyEvaluator"/>. <see cref="HasBoundary"/>
/// is true when a boundary is set even if its document is unavailable (then nothing is judged as allowed by it).
/// </summary>
public sealed record ResolvedPolicies(
    IReadOnlyList<SourcedPolicy> Identity,
    SourcedPolicy? Boundary,
    bool HasBoundary,
    IReadOnlyList<string> Unavailable)
{
    public static ResolvedPolicies None { get; } = new([], null, false, []);
}
