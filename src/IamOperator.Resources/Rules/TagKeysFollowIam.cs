using System.Globalization;
using System.Text.Json;
using IamOperator.Resources.Schema;

namespace IamOperator.Resources.Rules;

/// <summary>
/// IAM tag keys: 1 to 128 characters, and the <c>aws:</c> prefix (any case) is reserved for AWS (IAM API
/// reference, Tag); <see cref="KubernetesApiGroup.OwnerTagKey"/> is reserved for the operator in every case, because IAM
/// tag keys are case-insensitive: <c>IAMOPERATOR.DEV/OWNER</c> would otherwise pass validation and then fail
/// in IAM, or forge a second owner tag. The key character set is left to the reconciler and IAM: a CEL regex
/// (or lowerAscii) over unbounded map keys exceeds the apiserver's CEL cost budget, and the C# twin must not
/// be stricter than the CRD.
/// </summary>
public sealed class TagKeysFollowIam : CrossFieldRule
{
    // Prefix tests, sizes and single characters only: their CEL cost does not grow with the (unbounded) key length.
    private static readonly string[] AwsPrefixes = ["aws:", "awS:", "aWs:", "aWS:", "Aws:", "AwS:", "AWs:", "AWS:"];

    // Unicode's one-way case mappings onto ASCII letters that .NET's invariant culture leaves out
    // (SpecialCasing/CaseFolding: U+0130 lower-cases to 'i', U+0131 upper-cases to 'I', U+017F to 'S', U+212A to 'k').
    private static readonly Dictionary<char, char> OneWayMappings = new() { ['\u0130'] = 'i', ['\u0131'] = 'i', ['\u017F'] = 's', ['\u212A'] = 'k' };

    /// <summary>
    /// Per character of the owner tag key, every character a case-insensitive comparison takes for it: its
    /// upper and lower case and any character that maps to one of them (U+0130 and U+0131 for 'i'), since a
    /// Java-style equalsIgnoreCase compares both mappings.
    /// </summary>
    private static readonly string[][] OwnerKeySpellings = [.. KubernetesApiGroup.OwnerTagKey.Select(SpellingsOf)];

    public override string Cel =>
        $"self.all(k, k.size() >= 1 && k.size() <= 128 && !{CelList(AwsPrefixes)}.exists(p, k.startsWith(p)) && !({OwnerKeyCel}))";

    public override string Message =>
        $"tag keys must be 1 to 128 characters, must not start with 'aws:' (reserved by AWS) and must not be '{KubernetesApiGroup.OwnerTagKey}' in any letter case (reserved for the operator)";

    public override bool IsSatisfiedBy(JsonElement self) =>
        self.ValueKind != JsonValueKind.Object
        || self.EnumerateObject().All(p =>
            Json.Length(p.Name) is >= 1 and <= 128
            && !AwsPrefixes.Any(prefix => p.Name.StartsWith(prefix, StringComparison.Ordinal))
            && !IsOwnerTagKey(p.Name));

    /// <summary>True for the operator's owner tag key in any letter case.</summary>
    public static bool IsOwnerTagKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Length == OwnerKeySpellings.Length
            && OwnerKeySpellings.Select((spellings, i) => spellings.Contains(key[i].ToString())).All(same => same);
    }

    private static string OwnerKeyCel =>
        $"k.size() == {OwnerKeySpellings.Length} && "
        + string.Join(" && ", OwnerKeySpellings.Select((spellings, i) => $"k.charAt({i}) in {CelList(spellings)}"));

    private static string[] SpellingsOf(char c)
    {
        var upper = char.ToUpperInvariant(c);
        var lower = char.ToLowerInvariant(c);
        return [.. Enumerable.Range(0, char.MaxValue + 1).Select(i => (char)i)
            .Where(x => !char.IsSurrogate(x)
                && (x == c || char.ToUpperInvariant(x) == upper || char.ToLowerInvariant(x) == lower
                    || (OneWayMappings.TryGetValue(x, out var ascii) && ascii == lower)))
            .Select(x => x.ToString(CultureInfo.InvariantCulture))];
    }

    private static string CelList(IEnumerable<string> items) => "[" + string.Join(", ", items.Select(i => $"'{i}'")) + "]";
}
