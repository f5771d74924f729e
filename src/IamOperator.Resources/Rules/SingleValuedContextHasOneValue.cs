using System.Text.Json;
using IamOperator.Resources.Schema;

namespace IamOperator.Resources.Rules;

/// <summary>
/// A context key of a single-valued type (String, Numeric, Boolean, Ip, Binary, Date) carries exactly one
/// value: IAM's simulator would take only one, so a second value in the manifest would silently be a different check.
/// </summary>
public sealed class SingleValuedContextHasOneValue : CrossFieldRule
{
    public override string Cel => "(has(self.type) && self.type.endsWith('List')) || size(self.values) == 1";

    public override string Message => "a context key whose type is not a List type (StringList, NumericList, ...) takes exactly one value";

    public override string? FieldPath => "values";

    public override bool IsSatisfiedBy(JsonElement self) =>
        (Json.GetString(self, "type") is { } type && type.EndsWith("List", StringComparison.Ordinal)) || Json.Count(self, "values") == 1;
}
