using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace IamOperator.Resources.Dependencies;

/// <summary>
/// Who references whom among the four kinds, as an immutable value: users reference groups and policies, groups and
/// roles reference policies, by Kubernetes reference, by IAM group name or by policy ARN. The controller keeps one
/// beside its informers to wake a dependency's dependents at once and to name them when a deletion strips their
/// access; <c>plan</c> builds one from a folder of manifests. <see cref="ReferencesOf"/> is the one definition both use.
/// </summary>
public sealed class DependencyIndex
{
    /// <summary>List entries below this index share their field name (<see cref="Indexed"/>).</summary>
    private const int SharedFieldIndexes = 64;

    private static readonly ConcurrentDictionary<(string List, int Index), string> IndexedFields = new();

    private readonly ImmutableDictionary<ObjectKey, ImmutableArray<DependencyReference>> outgoing;
    private readonly ImmutableDictionary<string, ImmutableHashSet<ObjectKey>> incoming;

    private DependencyIndex(
        ImmutableDictionary<ObjectKey, ImmutableArray<DependencyReference>> outgoing,
        ImmutableDictionary<string, ImmutableHashSet<ObjectKey>> incoming)
    {
        this.outgoing = outgoing;
        this.incoming = incoming;
    }

    public static DependencyIndex Empty { get; } = new(
        ImmutableDictionary<ObjectKey, ImmutableArray<DependencyReference>>.Empty,
        ImmutableDictionary<string, ImmutableHashSet<ObjectKey>>.Empty);

    /// <summary>The index of a set of resources (e.g. a folder of manifests).</summary>
    public static DependencyIndex Of(IEnumerable<IIamResource> resources) =>
        resources.Aggregate(Empty, (index, resource) => index.With(resource));

    /// <summary>Resources that hold at least one reference.</summary>
    public int Count => outgoing.Count;

    /// <summary>This index with the resource's references as its spec declares them now (replacing earlier ones).</summary>
    public DependencyIndex With(IIamResource resource)
    {
        var key = ObjectKey.Of(resource);
        var references = ReferencesOf(resource);
        var without = Without(key);
        if (references.Count == 0)
        {
            return without;
        }

        var incomingAfter = without.incoming;
        foreach (var matchKey in references.Select(r => r.Target.MatchKey).Distinct(StringComparer.Ordinal))
        {
            incomingAfter = incomingAfter.SetItem(matchKey, incomingAfter.GetValueOrDefault(matchKey, []).Add(key));
        }

        return new DependencyIndex(without.outgoing.SetItem(key, [.. references]), incomingAfter);
    }

    /// <summary>This index without the references the resource held (it was deleted).</summary>
    public DependencyIndex Without(ObjectKey key)
    {
        if (!outgoing.TryGetValue(key, out var references))
        {
            return this;
        }

        var incomingAfter = incoming;
        foreach (var matchKey in references.Select(r => r.Target.MatchKey).Distinct(StringComparer.Ordinal))
        {
            var rest = incomingAfter[matchKey].Remove(key);
            incomingAfter = rest.IsEmpty ? incomingAfter.Remove(matchKey) : incomingAfter.SetItem(matchKey, rest);
        }

        return new DependencyIndex(outgoing.Remove(key), incomingAfter);
    }

    /// <summary>The references the index holds for a resource.</summary>
    public IReadOnlyList<DependencyReference> ReferencesFrom(ObjectKey key) =>
        outgoing.TryGetValue(key, out var references) ? references : [];

    /// <summary>
    /// Every reference that names the dependency, by Kubernetes reference or by its IAM identity (an IamGroup's IAM name,
    /// an IamPolicy's ARN, or its path and name while no ARN is known), ordered by dependent and field.
    /// </summary>
    public IReadOnlyList<DependencyReference> DependentsOf(IIamResource dependency)
    {
        var matchKeys = MatchKeysOf(dependency);
        return [.. matchKeys
            .SelectMany(k => incoming.GetValueOrDefault(k, []))
            .Distinct()
            .SelectMany(dependent => outgoing[dependent].Where(r => matchKeys.Contains(r.Target.MatchKey)))
            .OrderBy(r => r.Dependent.Kind, StringComparer.Ordinal)
            .ThenBy(r => r.Dependent.Namespace, StringComparer.Ordinal)
            .ThenBy(r => r.Dependent.Name, StringComparer.Ordinal)
            .ThenBy(r => r.Field, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Resources referenced by Kubernetes reference that are not among <paramref name="declared"/>, each with the
    /// references to it: in a folder, a manifest removed while others still name it.
    /// </summary>
    public IReadOnlyList<(ObjectKey Missing, IReadOnlyList<DependencyReference> References)> ReferencedButNotDeclared(IEnumerable<ObjectKey> declared)
    {
        var present = declared.ToHashSet();
        return [.. outgoing.Values
            .SelectMany(references => references)
            .Where(r => r.Target is DependencyTarget.Resource target && !present.Contains(target.Key))
            .GroupBy(r => ((DependencyTarget.Resource)r.Target).Key)
            .OrderBy(g => g.Key.Kind, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Namespace, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Name, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<DependencyReference>)[.. g.OrderBy(r => r.Dependent.ToString(), StringComparer.Ordinal).ThenBy(r => r.Field, StringComparer.Ordinal)]))];
    }

    /// <summary>What a resource references, field by field, as its spec declares it. Empty references are skipped.</summary>
    public static IReadOnlyList<DependencyReference> ReferencesOf(IIamResource resource)
    {
        var self = ObjectKey.Of(resource);
        var references = new List<DependencyReference>();

        void Reference(string field, string kind, ResourceRef? reference)
        {
            if (reference is { Name.Length: > 0 })
            {
                var ns = string.IsNullOrEmpty(reference.Namespace) ? self.Namespace : reference.Namespace;
                references.Add(new DependencyReference(self, field, new DependencyTarget.Resource(new ObjectKey(kind, ns, reference.Name))));
            }
        }

        void PolicyArn(string field, string? arn)
        {
            // AWS managed policies are never declared as resources: nothing to wake, nothing to warn about.
            if (!string.IsNullOrEmpty(arn) && DependencyTarget.PolicyArn.PathAndName(arn) is not null)
            {
                references.Add(new DependencyReference(self, field, new DependencyTarget.PolicyArn(arn)));
            }
        }

        void Permissions(PermissionsSpec? permissions)
        {
            for (var i = 0; i < (permissions?.ManagedPolicyArns?.Count ?? 0); i++)
            {
                PolicyArn(Indexed("spec.permissions.managedPolicyArns", i), permissions!.ManagedPolicyArns![i]);
            }

            for (var i = 0; i < (permissions?.PolicyRefs?.Count ?? 0); i++)
            {
                Reference(Indexed("spec.permissions.policyRefs", i), IamPolicy.KindName, permissions!.PolicyRefs![i]);
            }
        }

        void Boundary(PermissionsBoundarySpec? boundary)
        {
            PolicyArn("spec.permissionsBoundary.policyArn", boundary?.PolicyArn);
            Reference("spec.permissionsBoundary.policyRef", IamPolicy.KindName, boundary?.PolicyRef);
        }

        switch (resource)
        {
            case IamUser user:
                for (var i = 0; i < (user.Spec.GroupRefs?.Count ?? 0); i++)
                {
                    Reference(Indexed("spec.groupRefs", i), IamGroup.KindName, user.Spec.GroupRefs![i]);
                }

                for (var i = 0; i < (user.Spec.GroupNames?.Count ?? 0); i++)
                {
                    if (user.Spec.GroupNames![i] is { Length: > 0 } groupName)
                    {
                        references.Add(new DependencyReference(self, Indexed("spec.groupNames", i), new DependencyTarget.GroupName(groupName)));
                    }
                }

                Permissions(user.Spec.Permissions);
                Boundary(user.Spec.PermissionsBoundary);
                break;
            case IamGroup group:
                Permissions(group.Spec.Permissions);
                break;
            case IamServiceRole role:
                Permissions(role.Spec.Permissions);
                Boundary(role.Spec.PermissionsBoundary);
                break;
        }

        return references;
    }

    /// <summary>
    /// A list entry's field name ("spec.groupRefs[0]"), one instance per list and index: the controller's index holds one
    /// per reference (24,000 at 10,000 resources), and the first indexes are all that real specs use.
    /// </summary>
    private static string Indexed(string list, int index) =>
        index < SharedFieldIndexes ? IndexedFields.GetOrAdd((list, index), static key => $"{key.List}[{key.Index}]") : $"{list}[{index}]";

    /// <summary>
    /// What dependents see of a resource. Usable means the IAM entity exists: Ready was reported (for any generation, so
    /// a spec change of a group being applied does not take its users' Ready away) and the resource is not being deleted.
    /// </summary>
    public static DependencyState StateOf(IIamResource resource) => new(
        resource.Metadata.DeletionTimestamp is null && resource.Status.HasReadyCondition() && resource.Status?.Arn is not null,
        resource.Status?.Arn,
        IamNameOf(resource),
        string.IsNullOrEmpty(resource.Spec.Path) ? "/" : resource.Spec.Path);

    /// <summary>The IAM name dependents use: the one IAM has (status), else the declared one.</summary>
    public static string IamNameOf(IIamResource resource) =>
        resource.Status?.IamName is { Length: > 0 } observed ? observed
        : string.IsNullOrEmpty(resource.Spec.IamName) ? resource.Metadata.Name ?? "" : resource.Spec.IamName;

    /// <summary>Every way a reference can name the resource; old and new IAM identity both count during a rename.</summary>
    private static HashSet<string> MatchKeysOf(IIamResource dependency)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal) { new DependencyTarget.Resource(ObjectKey.Of(dependency)).MatchKey };
        var declaredName = string.IsNullOrEmpty(dependency.Spec.IamName) ? dependency.Metadata.Name ?? "" : dependency.Spec.IamName;
        switch (dependency)
        {
            case IamGroup:
                keys.Add(new DependencyTarget.GroupName(IamNameOf(dependency)).MatchKey);
                keys.Add(new DependencyTarget.GroupName(declaredName).MatchKey);
                break;
            case IamPolicy:
                if (dependency.Status?.Arn is { Length: > 0 } arn)
                {
                    keys.Add(new DependencyTarget.PolicyArn(arn).MatchKey);
                }

                var path = string.IsNullOrEmpty(dependency.Spec.Path) ? "/" : dependency.Spec.Path;
                keys.Add(DependencyTarget.PolicyArn.KeyOf(path + declaredName));
                break;
        }

        return keys;
    }
}
