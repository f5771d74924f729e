using System.Text.Json;
using IamOperator.Resources.Schema;

namespace IamOperator.Resources.Rules;

/// <summary>
/// IAM tag keys: 1 to 128 characters, and the <c>aws:</c> prefix is reserved for AWS (IAM API reference, Tag).
/// The key character set is left to IAM: a CEL regex over unbounded map keys exceeds the apiserver's
/// CEL cost budget, and the C# twin must not be stricter than the CRD.
/// </summary>
public sealed class TagKeysFollowIam : CrossFieldRule
{
    public override string Cel => "self.all(k, k.size() >= 1 && k.size() <= 128 && !k.startsWith('aws:'))";

    public override string Message => "tag keys must be 1 to 128 characters and must not start with 'aws:' (reserved by AWS)";

    public override bool IsSatisfiedBy(JsonElement self) =>
        self.ValueKind != JsonValueKind.Object
        || self.EnumerateObject().All(p => Json.Length(p.Name) is >= 1 and <= 128 && !p.Name.StartsWith("aws:", StringComparison.Ordinal));
}
