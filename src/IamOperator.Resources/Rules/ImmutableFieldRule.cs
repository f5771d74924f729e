using System.Text.Json;
using IamOperator.Resources.Schema;

namespace IamOperator.Resources.Rules;

/// <summary>A spec field that cannot change once set, because IAM cannot change it in place.</summary>
public abstract class ImmutableFieldRule(string field, string reason) : TransitionRule
{
    public string Field { get; } = field;

    public override string Cel =>
        $"has(self.{Field}) == has(oldSelf.{Field}) && (!has(self.{Field}) || self.{Field} == oldSelf.{Field})";

    public override string Message => $"{Field} is immutable: {reason}";

    public override bool IsSatisfiedBy(JsonElement self, JsonElement oldSelf) => Json.SameField(self, oldSelf, Field);
}
