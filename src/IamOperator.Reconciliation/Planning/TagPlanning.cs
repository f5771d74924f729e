using IamOperator.Iam;
using IamOperator.Resources;

namespace IamOperator.Reconciliation.Planning;

/// <summary>Tags converge exactly to the declaration, except IAM's own (keys starting with <c>aws:</c>).</summary>
internal static class TagPlanning
{
    /// <summary>The tags that count against <see cref="IamLimits.TagsPerEntity"/>: those starting with <c>aws:</c> are IAM's own and do not.</summary>
    internal static int CountedTags(IReadOnlyDictionary<string, string> tags) => tags.Keys.Count(k => !IsIamTag(k));

    private static bool IsIamTag(string key) => key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase);

    internal static IReadOnlyList<IamTag> ToTags(IReadOnlyDictionary<string, string> tags)
    {
        var list = new List<IamTag>(tags.Count);
        foreach (var (key, value) in tags) list.Add(new IamTag(key, value));
        return list;
    }

    internal static void ConvergeTags(List<PlannedIamWrite> actions, IamOperation tag, IamOperation untag, string target,
        IReadOnlyDictionary<string, string> desired, IReadOnlyDictionary<string, string> observed)
    {
        List<string>? remove = null;
        foreach (var key in observed.Keys)
        {
            if (!desired.ContainsKey(key) && !IsIamTag(key))
                (remove ??= []).Add(key);
        }

        List<IamTag>? set = null;
        foreach (var (key, value) in desired)
        {
            if (!observed.TryGetValue(key, out var current) || current != value)
                (set ??= []).Add(new IamTag(key, value));
        }

        if (remove is not null)
        {
            remove.Sort(StringComparer.Ordinal);
            actions.Add(new PlannedIamWrite(untag, target) { TagKeys = remove });
        }
        if (set is not null) actions.Add(new PlannedIamWrite(tag, target) { Tags = set });
    }
}
