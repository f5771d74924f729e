using System.Text.Json;
using IamOperator.Resources.Schema;

namespace IamOperator.Resources.Rules;

/// <summary>
/// The IAM name is spec.iamName or, when absent, metadata.name; either must fit IAM's limit for the
/// entity type (CEL can read metadata.name at the root of the schema).
/// </summary>
public abstract class IamNameLengthRule(int maxLength, string entity) : CrossFieldRule
{
    public int MaxLength { get; } = maxLength;

    /// <summary>spec.iamName's own maxLength is the longest IAM name (128); only shorter limits need this rule for it.</summary>
    private bool ChecksIamName => MaxLength < IamLimits.LongNameMaxLength;

    public override string Cel => ChecksIamName
        ? $"has(self.spec) && has(self.spec.iamName) ? self.spec.iamName.size() <= {MaxLength} : self.metadata.name.size() <= {MaxLength}"
        : $"(has(self.spec) && has(self.spec.iamName)) || self.metadata.name.size() <= {MaxLength}";

    public override string Message =>
        $"an IAM {entity} name (spec.iamName, or metadata.name when spec.iamName is absent) may not be more than {MaxLength} characters";

    public override bool IsSatisfiedBy(JsonElement self)
    {
        if (Json.Get(self, "spec") is { } spec && Json.GetString(spec, "iamName") is { } iamName)
        {
            return !ChecksIamName || Json.Length(iamName) <= MaxLength;
        }
        var name = Json.Get(self, "metadata") is { } metadata ? Json.GetString(metadata, "name") : null;
        return name is null || Json.Length(name) <= MaxLength;
    }
}
