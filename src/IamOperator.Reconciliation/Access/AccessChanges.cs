using IamOperator.Policies;

namespace IamOperator.Reconciliation.Access;

/// <summary>An action pattern and the path that grants it (<c>group DevOps → AdministratorAccess</c>).</summary>
public sealed record AccessGrant(string Action, string Via);

/// <summary>
/// How one principal's effective access changes between the current and the planned state: the action patterns it
/// gains and loses (<see cref="AccessChanges.Diff"/>), and its permissions boundary when that changes.
/// </summary>
public sealed record AccessChange(
    ResourceKey Resource,
    string Principal,
    IReadOnlyList<AccessGrant> Gained,
    IReadOnlyList<AccessGrant> Lost,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    BoundaryChange? Boundary);

/// <summary>A permissions boundary set, removed or replaced (by its path, e.g. <c>permissions boundary DevBoundary</c>); null for none.</summary>
public sealed record BoundaryChange(string? Before, string? After);

/// <summary>
/// Pure: effective-access changes as action patterns. An <em>action pattern</em> is one entry of an <c>Allow</c>
/// statement's <c>Action</c> (<c>s3:Get*</c>, <c>*</c>) in a policy that applies to the principal, or, for a
/// <c>NotAction</c> statement, the whole statement written as <c>NotAction iam:*, organizations:*</c>. Patterns are
/// compared as text, case-insensitively (IAM action names are): a pattern is <em>gained</em> when some path grants
/// it in the planned state and no path did in the current state, <em>lost</em> when the reverse; a pattern still
/// granted by another path is neither. The statements' <c>Resource</c> and <c>Condition</c> and <c>Deny</c>
/// statements are not compared (the access checks judge those); the boundary is reported when it changes.
/// </summary>
public static class AccessChanges
{
    /// <summary>Every action pattern the identity policies' Allow statements grant, with its path.</summary>
    public static IReadOnlyList<AccessGrant> Grants(IEnumerable<SourcedPolicy> policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        var grants = new List<AccessGrant>();
        foreach (var policy in policies)
        {
            foreach (var statement in policy.Document.Statements.Where(s => s.Effect == PolicyEffect.Allow))
            {
                if (statement.Action.IsNotAction) grants.Add(new AccessGrant($"NotAction {string.Join(", ", statement.Action.Actions)}", policy.Source));
                else grants.AddRange(statement.Action.Actions.Select(a => new AccessGrant(a, policy.Source)));
            }
        }

        return grants;
    }

    /// <summary>The change from <paramref name="current"/> to <paramref name="planned"/>; null when no pattern and no boundary changes.</summary>
    public static AccessChange? Diff(ResourceKey resource, string principal, ResolvedPolicies current, ResolvedPolicies planned)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(planned);
        var before = Grants(current.Identity);
        var after = Grants(planned.Identity);
        var beforeKeys = before.Select(g => g.Action).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var afterKeys = after.Select(g => g.Action).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var gained = Distinct(after.Where(g => !beforeKeys.Contains(g.Action)));
        var lost = Distinct(before.Where(g => !afterKeys.Contains(g.Action)));
        var boundary = current.Boundary?.Source == planned.Boundary?.Source && current.HasBoundary == planned.HasBoundary
            ? null
            : new BoundaryChange(current.HasBoundary ? current.Boundary?.Source ?? "permissions boundary (unavailable)" : null,
                planned.HasBoundary ? planned.Boundary?.Source ?? "permissions boundary (unavailable)" : null);
        return gained.Count == 0 && lost.Count == 0 && boundary is null ? null : new AccessChange(resource, principal, gained, lost, boundary);
    }

    private static List<AccessGrant> Distinct(IEnumerable<AccessGrant> grants) =>
        [.. grants.DistinctBy(g => (g.Action.ToUpperInvariant(), g.Via)).OrderBy(g => g.Action, StringComparer.Ordinal).ThenBy(g => g.Via, StringComparer.Ordinal)];
}
