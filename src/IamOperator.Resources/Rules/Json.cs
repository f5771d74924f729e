using System.Text.Json;

namespace IamOperator.Resources.Rules;

/// <summary>CEL's <c>has()</c> and member access on JSON, with nulls absent as after apiserver pruning.</summary>
internal static class Json
{
    public static bool Has(JsonElement self, string field) =>
        self.ValueKind == JsonValueKind.Object && self.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null;

    public static JsonElement? Get(JsonElement self, string field) =>
        Has(self, field) ? self.GetProperty(field) : null;

    public static string? GetString(JsonElement self, string field) =>
        Get(self, field) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    /// <summary>CEL's <c>size()</c> of an optional list field; 0 when absent.</summary>
    public static int Count(JsonElement self, string field) =>
        Get(self, field) is { ValueKind: JsonValueKind.Array } list ? list.GetArrayLength() : 0;

    public static int Length(string text) => text.EnumerateRunes().Count();

    /// <summary>CEL equality of two optional fields: both absent, or both present and equal.</summary>
    public static bool SameField(JsonElement self, JsonElement oldSelf, string field) =>
        (Get(self, field), Get(oldSelf, field)) switch
        {
            (null, null) => true,
            ({ } now, { } before) => JsonElement.DeepEquals(now, before),
            _ => false,
        };
}
