using IamOperator.Reconciliation.Planning;
using IamOperator.Resources;

namespace IamOperator.Reconciliation.Desired;

/// <summary>A user's, group's or role's managed policies (by ARN and by reference), inline policies and permissions boundary.</summary>
internal static class DesiredPermissions
{
    /// <summary>Managed policy ARNs and canonical inline policies, whose total IAM size must not exceed <paramref name="inlineMaxSize"/> (<paramref name="quota"/> says why).</summary>
    public static (IReadOnlyList<string> Managed, IReadOnlyDictionary<string, string> Inline) Build(BuildContext context, PermissionsSpec? spec, int inlineMaxSize, string quota)
    {
        var managed = new SortedSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (spec?.ManagedPolicyArns?.Count ?? 0); i++)
        {
            var arn = spec!.ManagedPolicyArns![i];
            managed.Add(arn);
            context.AttachManaged($"spec.permissions.managedPolicyArns[{i}]", arn);
        }
        for (var i = 0; i < (spec?.PolicyRefs?.Count ?? 0); i++)
        {
            var field = $"spec.permissions.policyRefs[{i}]";
            if (context.Resolve(IamPolicy.KindName, spec!.PolicyRefs![i], field) is { Arn: { } arn })
            {
                managed.Add(arn);
                context.AttachManaged(field, arn);
            }
        }

        var inline = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var totalSize = 0;
        for (var i = 0; i < (spec?.InlinePolicies?.Count ?? 0); i++)
        {
            var policy = spec!.InlinePolicies![i];
            var field = $"spec.permissions.inlinePolicies[{i}]";
            if (GroupOwnershipMarker.IsMarker(policy.Name)) { context.Problem(field + ".name", $"'{policy.Name}' is reserved for the operator's group ownership marker"); continue; }
            if (GroupMfaGuard.IsGuard(policy.Name)) { context.Problem(field + ".name", $"'{policy.Name}' is reserved for the operator's MFA guard (IamGroup spec.requireMfa)"); continue; }
            // The CRD's list-map key is case-sensitive; IAM's policy names are not.
            if (inline.Keys.Any(k => string.Equals(k, policy.Name, StringComparison.OrdinalIgnoreCase))) { context.Problem(field + ".name", $"duplicate inline policy name '{policy.Name}'"); continue; }
            var document = context.PermissionDocument(policy.Document, field + ".document", int.MaxValue, out var size);
            if (document is null) continue;
            totalSize += size;
            inline[policy.Name] = document;
        }
        if (totalSize > inlineMaxSize)
            context.Problem("spec.permissions.inlinePolicies", $"inline policies total {totalSize} characters (whitespace not counted); {quota}");
        return (managed.ToList(), inline);
    }

    /// <summary>The boundary's ARN; the CRD guarantees exactly one of policyArn and policyRef.</summary>
    public static string? Boundary(BuildContext context, PermissionsBoundarySpec? spec) => spec switch
    {
        null => null,
        { PolicyArn: { } arn } => context.Bound(arn),
        { PolicyRef: { } reference } => context.Bound(context.Resolve(IamPolicy.KindName, reference, "spec.permissionsBoundary.policyRef")?.Arn),
        _ => null,
    };
}
