using System.Text.Json;
using IamOperator.Resources.Schema;

namespace IamOperator.Resources.Rules;

/// <summary>
/// IAM tag keys: 1 to 128 characters, and the <c>aws:</c> prefix (any case) is reserved for AWS (IAM API
/// reference, Tag); <see cref="IamApi.OwnerTagKey"/> is reserved for the operator. The key character set
/// is left to the reconciler and IAM: a CEL regex (or lowerAscii) over unbounded map keys exceeds the
/// apiserver's CEL cost budget, and the C# twin must not be stricter than the CRD.
/// </summary>
public sealed class TagKeysFollowIam : CrossFieldRule
{
    // Prefix tests and sizes only: their CEL cost does not grow with the (unbounded) key length.
    private static readonly string[] AwsPrefixes = ["aws:", "awS:", "aWs:", "aWS:", "Aws:", "AwS:", "AWs:", "AWS:"];

    public override string Cel =>
        $"self.all(k, k.size() >= 1 && k.size() <= 128 && !{CelList(AwsPrefixes)}.exists(p, k.startsWith(p)) && !(k.size() == {IamApi.OwnerTagKey.Length} && k.startsWith('{IamApi.OwnerTagKey}')))";

    public override string Message =>
        $"tag keys must be 1 to 128 characters, must not start with 'aws:' (reserved by AWS) and must not be '{IamApi.OwnerTagKey}' (reserved for the operator)";

    public override bool IsSatisfiedBy(JsonElement self) =>
        self.ValueKind != JsonValueKind.Object
        || self.EnumerateObject().All(p =>
            Json.Length(p.Name) is >= 1 and <= 128
            && !AwsPrefixes.Any(prefix => p.Name.StartsWith(prefix, StringComparison.Ordinal))
            && p.Name != IamApi.OwnerTagKey);

    private static string CelList(IEnumerable<string> items) => "[" + string.Join(", ", items.Select(i => $"'{i}'")) + "]";
}
