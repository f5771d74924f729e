namespace IamOperator.Resources.Dependencies;

/// <summary>
/// The warning that a deletion strips access from the resources that still reference what is deleted, worded once for
/// the controller's Event on the deleted resource and for <c>plan</c> on a folder.
/// </summary>
public static class DeletionWarning
{
    /// <summary>Dependents named in full; the rest are counted, so the text fits an Event note (1 KiB).</summary>
    public const int NamedDependents = 10;

    /// <summary>null when nothing references the resource.</summary>
    public static string? Describe(ObjectKey deleted, IReadOnlyList<DependencyReference> dependents)
    {
        if (dependents.Count == 0)
        {
            return null;
        }

        return $"deleting {deleted} strips access from {Name(dependents)}";
    }

    /// <summary>
    /// For a set of manifests (a pull request's folder) that references a resource it does not declare: its manifest was
    /// removed (GitOps then deletes it) or never existed. null when nothing references it.
    /// </summary>
    public static string? DescribeUndeclared(ObjectKey missing, IReadOnlyList<DependencyReference> dependents) =>
        dependents.Count == 0
            ? null
            : $"{missing} is referenced but not declared: if this change deletes it, that strips access from {Name(dependents)}";

    private static string Name(IReadOnlyList<DependencyReference> dependents)
    {
        var named = string.Join(", ", dependents.Take(NamedDependents));
        var more = dependents.Count > NamedDependents ? $" and {dependents.Count - NamedDependents} more" : "";
        return $"{dependents.Count} reference(s) still naming it: {named}{more}";
    }
}
