using IamOperator.Policies;
using IamOperator.Resources;

namespace IamOperator.Reconciliation.Desired;

/// <summary>
/// Pure: a resource's spec + settings + resolved references → the IAM entity it declares, with
/// documents as the manifest writes them (compared in canonical form only). The spec is first checked against the CRD's own schema
/// (<see cref="ResourceValidator"/>, the rules of <see cref="IamPatterns"/> and <see cref="IamLimits"/>), so an
/// object that bypassed the apiserver's validation is refused with the same messages; what remains here
/// are the checks that need reconcile-time data (owner id, resolved references, documents that parse and fit
/// IAM's size quotas, <see cref="IamPolicySizeLimits"/> and the account's trust policy quota from the settings)
/// or that the CRD cannot afford (tag key characters). Problems and unresolved references are collected,
/// not thrown, so one report names every problem of the resource.
/// </summary>
public static class DesiredStateBuilder
{
    public const string DefaultNamespace = "default";

    /// <summary>Who the entity is and who owns it; needs only metadata and the common spec fields.</summary>
    public static EntityIdentity Identify(IIamResource resource, ReconcileSettings settings)
    {
        var kind = KindOf(resource);
        var ns = string.IsNullOrEmpty(resource.Metadata.NamespaceProperty) ? DefaultNamespace : resource.Metadata.NamespaceProperty;
        var name = resource.Metadata.Name ?? "";
        var spec = resource.Spec;
        return new EntityIdentity(
            kind,
            new ResourceKey(resource.Kind, ns, name),
            string.IsNullOrEmpty(spec.IamName) ? name : spec.IamName,
            string.IsNullOrEmpty(spec.Path) ? "/" : spec.Path,
            $"{settings.OwnerId}/{ns}/{name}",
            spec.DeletionPolicy,
            spec.AdoptionPolicy);
    }

    public static IamEntityKind KindOf(IIamResource resource) => resource switch
    {
        IamPolicy => IamEntityKind.Policy,
        IamGroup => IamEntityKind.Group,
        IamUser => IamEntityKind.User,
        IamServiceRole => IamEntityKind.Role,
        _ => throw new ArgumentOutOfRangeException(nameof(resource), resource.Kind, "not one of IamPolicy, IamGroup, IamUser, IamServiceRole"),
    };

    public static DesiredState Build(IIamResource resource, ReconcileSettings settings, IResourceLookup lookup)
    {
        var context = new BuildContext(Identify(resource, settings), lookup, settings.Guardrails.MaxTrustPolicySize);
        var schemaProblems = ResourceValidator.Validate(resource);
        if (schemaProblems.Count > 0)
        {
            // The entity cannot be built from a spec the CRD rejects; report only what the apiserver would.
            return new DesiredState(context.Identity, null, null, [.. schemaProblems.Select(p => p.ToString())], []);
        }

        CheckOwner(context);
        DesiredEntity? entity = resource switch
        {
            IamGroup group => BuildGroup(context, group.Spec),
            IamUser user => BuildUser(context, user.Spec, settings),
            IamServiceRole role => BuildRole(context, role.Spec),
            IamPolicy policy => BuildPolicy(context, policy.Spec),
            _ => null,
        };
        var valid = context.Problems.Count == 0 && context.Missing.Count == 0 && entity is not null;
        return new DesiredState(context.Identity, valid ? entity : null, valid ? context.Subject() : null, context.Problems, context.Missing);
    }

    /// <summary>The owner (tag value or group marker) includes the operator's owner id, which only the running operator knows.</summary>
    private static void CheckOwner(BuildContext context)
    {
        var owner = context.Identity.Owner;
        if (owner.Length > IamLimits.TagValueMaxLength)
        {
            context.Problem("metadata.name",
                $"the owner tag value '{owner}' is longer than IAM's {IamLimits.TagValueMaxLength} characters; use a shorter namespace, name or owner id");
        }
    }

    private static DesiredGroup BuildGroup(BuildContext context, IamGroupSpec spec)
    {
        // The ownership marker is an inline policy too, so it takes its share of the group's inline quota.
        var marker = GroupOwnershipMarkerSize(context.Identity.Owner);
        // The MFA guard too, when required; it is judged by the guardrails like any declared document.
        var guard = spec.RequireMfa == true ? context.PermissionDocument(GroupMfaGuard.Document, "spec.requireMfa") : null;
        var guardSize = guard is null ? 0 : Observed.PolicyText.IamSize(guard);
        var (managed, inline) = DesiredPermissions.Build(context, spec.Permissions, IamPolicySizeLimits.GroupInlineTotal - marker - guardSize,
            $"IAM allows {IamPolicySizeLimits.GroupInlineTotal} for a group and the operator's ownership marker takes {marker}"
            + (guard is null ? "" : $" and its MFA guard (spec.requireMfa) {guardSize}"));
        if (guard is not null) inline = new SortedDictionary<string, string>(inline.ToDictionary(), StringComparer.Ordinal) { [GroupMfaGuard.PolicyName] = guard };
        return new DesiredGroup(context.Identity, managed, inline);
    }

    private static DesiredUser BuildUser(BuildContext context, IamUserSpec spec, ReconcileSettings settings)
    {
        var tags = DesiredTags.Build(context, spec.Tags);
        var groups = new List<string>();
        for (var i = 0; i < (spec.GroupRefs?.Count ?? 0); i++)
        {
            if (context.Resolve(IamGroup.KindName, spec.GroupRefs![i], $"spec.groupRefs[{i}]") is { } group) groups.Add(group.IamName);
        }
        groups.AddRange(spec.GroupNames ?? []);
        // IAM group names are case-insensitive: a group named twice (by reference and by name) is one membership.
        var distinctGroups = groups.Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        var (managed, inline) = DesiredPermissions.Build(context, spec.Permissions, IamPolicySizeLimits.UserInlineTotal,
            $"IAM allows {IamPolicySizeLimits.UserInlineTotal} for a user");
        var boundary = DesiredPermissions.Boundary(context, spec.PermissionsBoundary);
        return new DesiredUser(context.Identity, tags, distinctGroups, managed, inline, boundary,
            spec.AccessKeyMaxAgeDays ?? settings.DefaultAccessKeyMaxAgeDays, spec.RequireMfa ?? true);
    }

    private static DesiredRole? BuildRole(BuildContext context, IamServiceRoleSpec spec)
    {
        var tags = DesiredTags.Build(context, spec.Tags);
        var trust = TrustPolicyBuilder.Build(context, spec.Trust, out var trustsEc2);
        var (managed, inline) = DesiredPermissions.Build(context, spec.Permissions, IamPolicySizeLimits.RoleInlineTotal,
            $"IAM allows {IamPolicySizeLimits.RoleInlineTotal} for a role");
        var boundary = DesiredPermissions.Boundary(context, spec.PermissionsBoundary);
        if (trust is null) return null;
        return new DesiredRole(context.Identity, tags, trust, spec.Description ?? "",
            spec.MaxSessionDurationSeconds ?? DesiredRole.DefaultMaxSessionDurationSeconds, managed, inline, boundary,
            spec.InstanceProfile?.Enabled ?? trustsEc2);
    }

    private static DesiredPolicy? BuildPolicy(BuildContext context, IamPolicySpec spec)
    {
        var tags = DesiredTags.Build(context, spec.Tags);
        var document = context.PermissionDocument(spec.Document, "spec.document", IamPolicySizeLimits.ManagedPolicy, out _);
        return document is null ? null : new DesiredPolicy(context.Identity, tags, document, spec.Description);
    }

    private static int GroupOwnershipMarkerSize(string owner) => Planning.GroupOwnershipMarker.Document(owner).Length;
}
