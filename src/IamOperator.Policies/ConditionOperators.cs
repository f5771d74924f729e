using System.Collections.Frozen;

namespace IamOperator.Policies;

/// <summary>
/// Condition operator names from the IAM reference ("IAM JSON policy elements: Condition operators"):
/// the base operators, the <c>IfExists</c> suffix (not on <c>Null</c>) and the
/// <c>ForAllValues:</c>/<c>ForAnyValue:</c> set qualifiers.
/// </summary>
internal static class ConditionOperators
{
    private const string IfExists = "IfExists";
    private static readonly string[] Qualifiers = ["ForAllValues:", "ForAnyValue:"];

    private static readonly FrozenSet<string> BaseOperators = new[]
    {
        "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike",
        "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals",
        "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals",
        "Bool", "BinaryEquals", "IpAddress", "NotIpAddress",
        "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// A known operator taken apart: its set qualifier (<c>ForAllValues:</c>, <c>ForAnyValue:</c> or null),
    /// its base name and whether it carries <c>IfExists</c>; null when <paramref name="name"/> is not known.
    /// </summary>
    public static (string? Qualifier, string BaseName, bool IfExists)? Split(string name)
    {
        if (Spell(name, StringComparison.Ordinal) is null) return null;
        var qualifier = Qualifiers.FirstOrDefault(q => name.StartsWith(q, StringComparison.Ordinal));
        var rest = qualifier is null ? name : name[qualifier.Length..];
        var ifExists = rest.Length > IfExists.Length && rest.EndsWith(IfExists, StringComparison.Ordinal) && rest != "Null";
        return (qualifier, ifExists ? rest[..^IfExists.Length] : rest, ifExists);
    }

    public static bool IsKnown(string name) => Spell(name, StringComparison.Ordinal) is not null;

    /// <summary>The correctly spelled operator when <paramref name="name"/> differs only in letter case.</summary>
    public static string? Suggest(string name) => Spell(name, StringComparison.OrdinalIgnoreCase);

    private static string? Spell(string name, StringComparison comparison)
    {
        var qualifier = Qualifiers.FirstOrDefault(q => name.StartsWith(q, comparison));
        var rest = qualifier is null ? name : name[qualifier.Length..];
        var ifExists = rest.Length > IfExists.Length && rest.EndsWith(IfExists, comparison);
        if (ifExists) rest = rest[..^IfExists.Length];
        var baseName = BaseOperators.FirstOrDefault(b => string.Equals(b, rest, comparison));
        if (baseName is null || (ifExists && baseName == "Null")) return null;
        return qualifier + baseName + (ifExists ? IfExists : "");
    }
}
