using IamOperator.Reconciliation.Observed;

namespace IamOperator.Reconciliation.Planning;

/// <summary>Managed attachments, inline policies, permissions boundaries and group memberships converge exactly to the declaration.</summary>
internal static class PermissionPlanning
{
    internal static void ConvergeBoundary(List<PlannedIamWrite> actions, IamOperation put, IamOperation delete, string target, string? desired, string? observed)
    {
        if (desired == observed) return;
        actions.Add(desired is null ? new PlannedIamWrite(delete, target) : new PlannedIamWrite(put, target) { Subject = desired });
    }

    internal static void ConvergeManaged(List<PlannedIamWrite> actions, IamOperation attach, IamOperation detach, string target,
        IReadOnlyList<string> desired, IReadOnlyList<string> observed) =>
        ConvergeSet(actions, attach, detach, target, desired, observed, StringComparer.Ordinal);

    internal static void ConvergeSet(List<PlannedIamWrite> actions, IamOperation add, IamOperation remove, string target,
        IReadOnlyList<string> desired, IReadOnlyList<string> observed, StringComparer comparer)
    {
        foreach (var item in observed)
            if (!Contains(desired, item, comparer)) actions.Add(new PlannedIamWrite(remove, target) { Subject = item });
        foreach (var item in desired)
            if (!Contains(observed, item, comparer)) actions.Add(new PlannedIamWrite(add, target) { Subject = item });
    }

    // Lists are short (IAM allows at most 20 attachments / 10 groups): a scan beats building a set.
    private static bool Contains(IReadOnlyList<string> items, string item, StringComparer comparer)
    {
        for (var i = 0; i < items.Count; i++)
            if (comparer.Equals(items[i], item)) return true;
        return false;
    }

    internal static void ConvergeInline(List<PlannedIamWrite> actions, IamOperation put, IamOperation delete, string target,
        IReadOnlyDictionary<string, string> desired, IReadOnlyDictionary<string, string> observed)
    {
        foreach (var name in observed.Keys)
            if (!desired.ContainsKey(name)) actions.Add(new PlannedIamWrite(delete, target) { Subject = name });
        foreach (var (name, document) in desired)
        {
            if (!observed.TryGetValue(name, out var current) || !PolicyText.SameAs(document, current))
                actions.Add(new PlannedIamWrite(put, target) { Subject = name, Document = document });
        }
    }
}
