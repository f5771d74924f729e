using IamOperator.Policies;
using IamOperator.Reconciliation;
using IamOperator.Reconciliation.Desired;
using IamOperator.Resources;

namespace IamOperator.Cli;

/// <summary>
/// The order a folder is applied in: policies, then groups, then users and roles (by namespace and
/// name within a kind). References only point from users/groups/roles to policies and from users to
/// groups, so this order applies every dependency declared in the folder before its dependents.
/// </summary>
public static class FolderOrder
{
    public static IReadOnlyList<IIamResource> Sort(IEnumerable<IIamResource> resources) =>
        resources
            .OrderBy(Level)
            .ThenBy(r => r.Metadata.NamespaceProperty, StringComparer.Ordinal)
            .ThenBy(r => r.Kind, StringComparer.Ordinal)
            .ThenBy(r => r.Metadata.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// The same order cut into levels (policies; groups; users and roles). No resource refers to another
    /// of its own level, so the resources of a level may be reconciled concurrently once the levels before are done.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<IIamResource>> Levels(IEnumerable<IIamResource> resources) =>
        [.. Sort(resources).GroupBy(Level).Select(level => (IReadOnlyList<IIamResource>)[.. level])];

    private static int Level(IIamResource resource) => DesiredStateBuilder.KindOf(resource) switch
    {
        IamEntityKind.Policy => 0,
        IamEntityKind.Group => 1,
        _ => 2,
    };
}
