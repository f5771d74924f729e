using IamOperator.Policies;
using IamOperator.Reconciliation.Desired;
using IamOperator.Reconciliation.Observed;

namespace IamOperator.Reconciliation.Access;

/// <summary>
/// Where one user, group or role gets its permissions, as declared or as IAM holds it: group memberships
/// (users), attached managed policy ARNs, inline policies (name → document) and the permissions boundary.
/// The same shape for both worlds, so the planned and the current state are gathered by one function.
/// </summary>
public sealed record PrincipalPolicies(
    IamEntityKind Kind,
    string Name,
    IReadOnlyList<string> GroupNames,
    IReadOnlyList<string> ManagedPolicyArns,
    IReadOnlyDictionary<string, string> InlinePolicies,
    string? PermissionsBoundaryArn)
{
    /// <summary>A declared user, group or role; null for a policy.</summary>
    public static PrincipalPolicies? From(DesiredEntity entity) => entity switch
    {
        DesiredUser u => new(IamEntityKind.User, u.IamName, u.GroupNames, u.ManagedPolicyArns, u.InlinePolicies, u.PermissionsBoundaryArn),
        DesiredGroup g => new(IamEntityKind.Group, g.IamName, [], g.ManagedPolicyArns, g.InlinePolicies, null),
        DesiredRole r => new(IamEntityKind.Role, r.IamName, [], r.ManagedPolicyArns, r.InlinePolicies, r.PermissionsBoundaryArn),
        _ => null,
    };

    /// <summary>An observed user, group or role; null for a policy.</summary>
    public static PrincipalPolicies? From(ObservedEntity entity) => entity switch
    {
        ObservedUser u => new(IamEntityKind.User, u.Name, u.GroupNames, u.ManagedPolicyArns, u.InlinePolicies, u.PermissionsBoundaryArn),
        ObservedGroup g => new(IamEntityKind.Group, g.Name, [], g.ManagedPolicyArns, g.InlinePolicies, null),
        ObservedRole r => new(IamEntityKind.Role, r.Name, [], r.ManagedPolicyArns, r.InlinePolicies, r.PermissionsBoundaryArn),
        _ => null,
    };
}
