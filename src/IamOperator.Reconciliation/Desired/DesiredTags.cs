using System.Text.RegularExpressions;
using IamOperator.Resources;

namespace IamOperator.Reconciliation.Desired;

/// <summary>A taggable entity's tags: the declared ones plus the operator's owner tag.</summary>
internal static partial class DesiredTags
{
    // The CRD leaves the key's character set out (a CEL regex over map keys exceeds the apiserver's cost budget), so it is checked here.
    [GeneratedRegex(IamPatterns.TagKey)] private static partial Regex TagKeyPattern();

    public static IReadOnlyDictionary<string, string> Build(BuildContext context, Dictionary<string, string>? declared)
    {
        var tags = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in declared ?? [])
        {
            if (!TagKeyPattern().IsMatch(key)) context.Problem($"spec.tags[{key}]", "a tag key is made of letters, digits, spaces and _.:/=+-@");
            else tags[key] = value;
        }
        tags[KubernetesApiGroup.OwnerTagKey] = context.Identity.Owner;
        return tags;
    }
}
