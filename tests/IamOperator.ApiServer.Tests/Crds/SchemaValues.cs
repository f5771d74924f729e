using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace IamOperator.ApiServer.Tests.Crds;

/// <summary>Values made up from an OpenAPI schema: the smallest valid one, and strings that break one rule only.</summary>
public static class SchemaValues
{
    // Plausible shapes of the strings our CRDs hold; the first one the field's pattern and lengths accept is used.
    private static readonly string[] ValidCandidates =
    [
        "name{0}", "/path{0}/", "arn:aws:iam::aws:policy/Policy{0}", "svc{0}.amazonaws.com", "v{0}", "Value{0}",
        "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/CLUSTER{0}",
        "s3:GetObject{0}",
    ];

    // Characters next to no pattern of ours allows, so a string of them breaks the pattern and nothing else.
    private static readonly string[] PatternBreakers = ["!", "\u0007", " ", "a b", "A_B!"];

    /// <summary>The smallest value the schema accepts, <paramref name="index"/> making it distinct among siblings.</summary>
    public static JsonNode? Minimal(JsonObject schema, int index = 0)
    {
        if (schema["enum"] is JsonArray values)
        {
            return values[index % values.Count]?.DeepClone();
        }

        switch ((string?)schema["type"])
        {
            case "string":
                return (string?)schema["format"] == "date-time" ? "2026-01-01T00:00:00Z" : MinimalString(schema, index);
            case "integer":
            case "number":
                return schema["minimum"] is { } minimum ? (long)(double)minimum : 1L;
            case "boolean":
                return true;
            case "array":
                return new JsonArray(schema["items"] is JsonObject items ? Minimal(items, index) : null);
            default:
                var result = new JsonObject();
                if (schema["required"] is JsonArray required && schema["properties"] is JsonObject properties)
                {
                    foreach (var name in required.Select(r => (string)r!))
                    {
                        result[name] = Minimal(properties[name]!.AsObject(), index);
                    }
                }

                return result;
        }
    }

    /// <summary>
    /// Adds the smallest valid value for every required field missing from an object of <paramref name="node"/>, at
    /// any depth, so a value put deep into a sample (a new list item, a new nested object) meets the siblings its
    /// schema requires and is judged on its own. Fields already present are left as they are.
    /// </summary>
    public static void FillRequired(JsonNode? node, JsonObject schema)
    {
        switch (node)
        {
            case JsonObject obj:
                if (schema["properties"] is JsonObject properties)
                {
                    if (schema["required"] is JsonArray required)
                    {
                        foreach (var name in required.Select(r => (string)r!).Where(name => !obj.ContainsKey(name)))
                        {
                            obj[name] = Minimal(properties[name]!.AsObject());
                        }
                    }

                    foreach (var (name, child) in obj.ToList())
                    {
                        if (properties[name] is JsonObject childSchema) FillRequired(child, childSchema);
                    }
                }
                else if (schema["additionalProperties"] is JsonObject valueSchema)
                {
                    foreach (var (_, child) in obj.ToList()) FillRequired(child, valueSchema);
                }

                break;
            case JsonArray array when schema["items"] is JsonObject items:
                foreach (var item in array) FillRequired(item, items);
                break;
        }
    }

    private static string MinimalString(JsonObject schema, int index)
    {
        var (min, max, pattern) = Bounds(schema);
        foreach (var candidate in ValidCandidates.Select(c => string.Format(CultureInfo.InvariantCulture, c, index)))
        {
            if (candidate.Length >= min && candidate.Length <= max && (pattern is null || pattern.IsMatch(candidate)))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"no made-up string fits the schema {schema.ToJsonString()}; add a candidate to {nameof(SchemaValues)}");
    }

    /// <summary>A string of allowed length that the pattern refuses.</summary>
    public static string BreakingPattern(JsonObject schema)
    {
        var (min, max, pattern) = Bounds(schema);
        foreach (var breaker in PatternBreakers)
        {
            var candidate = breaker.PadRight(Math.Max(min, breaker.Length), breaker[0]);
            if (candidate.Length <= max && pattern is not null && !pattern.IsMatch(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"no made-up string breaks the pattern of {schema.ToJsonString()}");
    }

    private static (int Min, int Max, Regex? Pattern) Bounds(JsonObject schema) => (
        schema["minLength"] is { } min ? (int)min : 0,
        schema["maxLength"] is { } max ? (int)max : int.MaxValue,
        schema["pattern"] is { } pattern ? new Regex((string)pattern!, RegexOptions.CultureInvariant) : null);
}
