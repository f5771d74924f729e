using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using IamOperator.Resources.Manifests;

namespace IamOperator.Resources.Schema;

/// <summary>
/// Checks a JSON value against a <see cref="SchemaNode"/> as the apiserver does for a CRD with
/// <c>fieldValidation=Strict</c>: unknown fields, types, enums, patterns, lengths, ranges, list
/// uniqueness, required fields and the C# twins of the CEL rules. Nulls count as absent, because the
/// apiserver prunes them from structural schemas. Every problem is reported, not only the first.
/// The walk stops at <see cref="ManifestLimits.MaxDepth"/> levels, whatever the schema, and integers
/// must fit their format (int32 or int64), so no value reaches deserialization that it cannot hold.
/// </summary>
public static class SchemaValidator
{
    private static readonly ConcurrentDictionary<string, Regex> Patterns = new();

    public static IReadOnlyList<ResourceProblem> Validate(JsonElement value, SchemaNode schema, string path = "", IReadOnlySet<string>? ignoredFields = null)
    {
        var problems = new List<ResourceProblem>();
        Check(value, schema, path, 1, problems, ignoredFields);
        return problems;
    }

    private static void Check(JsonElement value, SchemaNode schema, string path, int depth, List<ResourceProblem> problems, IReadOnlySet<string>? ignoredFields = null)
    {
        if (schema.Type == "any")
        {
            return;
        }
        if (depth > ManifestLimits.MaxDepth)
        {
            problems.Add(new(path, $"Invalid value: nested deeper than {ManifestLimits.MaxDepth} levels of objects and lists"));
            return;
        }
        if (schema.Type == "integer" && value.ValueKind == JsonValueKind.Number && !FitsFormat(value, schema.Format))
        {
            var (min, max) = schema.Format == "int32" ? (int.MinValue, (long)int.MaxValue) : (long.MinValue, long.MaxValue);
            problems.Add(new(path, $"Invalid value: {value.GetRawText()}: must be a whole number from {min} to {max}"));
            return;
        }
        if (!HasType(value, schema.Type))
        {
            problems.Add(new(path, $"Invalid value: {Describe(value)}: must be of type {schema.Type}"));
            return;
        }
        switch (schema.Type)
        {
            case "string":
                CheckString(value.GetString()!, schema, path, problems);
                break;
            case "integer":
                CheckInteger(value.GetInt64(), schema, path, problems);
                break;
            case "array":
                CheckArray(value, schema, path, depth, problems);
                break;
            case "object":
                if (schema.PreserveUnknownFields && schema.Properties is null)
                {
                    break;
                }
                CheckObject(value, schema, path, depth, problems, ignoredFields);
                break;
        }
        foreach (var rule in schema.Rules.Where(r => !r.IsTransitionRule))
        {
            if (!rule.IsSatisfiedBy(value))
            {
                problems.Add(new(Join(path, rule.FieldPath), $"Invalid value: {rule.Message}"));
            }
        }
    }

    // A whole number within the format's range; 1.5 fails HasType ("must be of type integer") instead.
    private static bool FitsFormat(JsonElement number, string? format) =>
        !number.TryGetDouble(out var d) || !double.IsFinite(d) || Math.Floor(d) != d
            || (format == "int32" ? number.TryGetInt32(out _) : number.TryGetInt64(out _));

    private static bool HasType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        _ => false,
    };

    private static void CheckString(string text, SchemaNode schema, string path, List<ResourceProblem> problems)
    {
        var length = text.EnumerateRunes().Count();
        if (schema.Enum is { } allowed && !allowed.Contains(text, StringComparer.Ordinal))
        {
            problems.Add(new(path, $"Unsupported value: {Quote(text)}: supported values: {string.Join(", ", allowed.Select(Quote))}"));
            return;
        }
        if (schema.MinLength is { } min && length < min)
        {
            problems.Add(new(path, min == 1 ? "Required value: must not be empty" : $"Invalid value: {Quote(text)}: must be at least {min} characters"));
            return;
        }
        if (schema.MaxLength is { } max && length > max)
        {
            problems.Add(new(path, $"Too long: may not be more than {max} characters (got {length})"));
            return;
        }
        if (schema.Pattern is { } pattern && !Pattern(pattern).IsMatch(text))
        {
            problems.Add(new(path, $"Invalid value: {Quote(text)}: must match the regular expression '{pattern}'"));
        }
        if (schema.Format == "date-time" && !DateTimeOffset.TryParse(text, out _))
        {
            problems.Add(new(path, $"Invalid value: {Quote(text)}: must be an RFC 3339 date-time"));
        }
    }

    private static void CheckInteger(long number, SchemaNode schema, string path, List<ResourceProblem> problems)
    {
        if (schema.Minimum is { } min && number < min)
        {
            problems.Add(new(path, $"Invalid value: {number}: must be greater than or equal to {min}"));
        }
        if (schema.Maximum is { } max && number > max)
        {
            problems.Add(new(path, $"Invalid value: {number}: must be less than or equal to {max}"));
        }
    }

    private static void CheckArray(JsonElement array, SchemaNode schema, string path, int depth, List<ResourceProblem> problems)
    {
        var count = array.GetArrayLength();
        if (schema.MinItems is { } min && count < min)
        {
            problems.Add(new(path, min == 1 ? "Required value: must have at least 1 item" : $"Invalid value: must have at least {min} items (got {count})"));
        }
        if (schema.MaxItems is { } max && count > max)
        {
            problems.Add(new(path, $"Too many: {count}: must have at most {max} items"));
        }
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var itemPath = $"{path}[{index}]";
            if (item.ValueKind == JsonValueKind.Null)
            {
                problems.Add(new(itemPath, "Invalid value: null: list items must not be null"));
            }
            else if (schema.Items is { } itemSchema)
            {
                Check(item, itemSchema, itemPath, depth + 1, problems);
            }
            if (UniquenessKey(item, schema) is { } key)
            {
                if (seen.TryGetValue(key, out var first))
                {
                    problems.Add(new(itemPath, $"Duplicate value: {key}: already listed at {path}[{first}]"));
                }
                else
                {
                    seen[key] = index;
                }
            }
            index++;
        }
    }

    private static string? UniquenessKey(JsonElement item, SchemaNode schema) => schema.ListType switch
    {
        "set" => item.GetRawText(),
        "map" when item.ValueKind == JsonValueKind.Object && schema.ListMapKeys is { } keys =>
            "{" + string.Join(", ", keys.Select(k => $"\"{k}\": " + (item.TryGetProperty(k, out var v) ? v.GetRawText() : "null"))) + "}",
        _ => null,
    };

    private static void CheckObject(JsonElement obj, SchemaNode schema, string path, int depth, List<ResourceProblem> problems, IReadOnlySet<string>? ignoredFields)
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        var count = 0;
        foreach (var property in obj.EnumerateObject())
        {
            count++;
            if (ignoredFields?.Contains(property.Name) == true || property.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }
            present.Add(property.Name);
            if (schema.Properties?.TryGetValue(property.Name, out var propertySchema) == true)
            {
                Check(property.Value, propertySchema, Join(path, property.Name), depth + 1, problems);
            }
            else if (schema.AdditionalProperties is { } valueSchema)
            {
                // The apiserver (kube-openapi) names a map entry path.key, not path[key].
                Check(property.Value, valueSchema, Join(path, property.Name), depth + 1, problems);
            }
            else if (!schema.PreserveUnknownFields)
            {
                var known = schema.Properties is { Count: > 0 } p ? $"; known fields: {string.Join(", ", p.Keys)}" : "";
                problems.Add(new(Join(path, property.Name), $"unknown field \"{Join(path, property.Name)}\"{known}"));
            }
        }
        if (schema.MaxProperties is { } max && count > max)
        {
            problems.Add(new(path, $"Too many: {count}: must have at most {max} entries"));
        }
        foreach (var required in schema.Required.Where(r => !present.Contains(r)))
        {
            problems.Add(new(Join(path, required), "Required value"));
        }
    }

    private static Regex Pattern(string pattern) =>
        Patterns.GetOrAdd(pattern, p => new Regex(p, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));

    private static string Join(string path, string? field) =>
        string.IsNullOrEmpty(field) ? path : path.Length == 0 ? field : $"{path}.{field}";

    private static string Quote(string text) => JsonSerializer.Serialize(text);

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"{Quote(value.GetString()!)} (a string)",
        JsonValueKind.Number => $"{value.GetRawText()} (a number)",
        JsonValueKind.True or JsonValueKind.False => $"{value.GetRawText()} (a boolean)",
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        _ => value.ValueKind.ToString(),
    };
}
