using System.Globalization;
using System.Text.Json.Nodes;

namespace IamOperator.ApiServer.Tests.Crds;

/// <summary>
/// One OpenAPI rule of a CRD's spec schema (a keyword at a field), with a value that breaks it and the
/// words the apiserver uses when it refuses that value.
/// </summary>
public sealed record SchemaConstraint(string Resource, FieldPath Path, string Keyword, JsonObject Schema, string? RequiredField = null)
{
    public static readonly string[] Keywords =
        ["maxLength", "minLength", "pattern", "enum", "minimum", "maximum", "maxItems", "maxProperties"];

    public string Id => $"{Resource}: {Path} {Keyword}" + (RequiredField is null ? $" {Schema[Keyword]?.ToJsonString()}" : $" {RequiredField}");

    /// <summary>Where the bad value goes: the field, or for a missing required field the object holding it.</summary>
    public JsonNode? BadValue()
    {
        switch (Keyword)
        {
            case "maxLength":
                return new string('a', (int)Schema["maxLength"]! + 1);
            case "minLength":
                return new string('a', (int)Schema["minLength"]! - 1);
            case "pattern":
                return SchemaValues.BreakingPattern(Schema);
            case "enum":
                return "NotOneOfTheAllowedValues";
            case "minimum":
                return (long)(double)Schema["minimum"]! - 1;
            case "maximum":
                return (long)(double)Schema["maximum"]! + 1;
            case "maxItems":
                var items = Schema["items"]!.AsObject();
                return new JsonArray([.. Enumerable.Range(0, (int)Schema["maxItems"]! + 1).Select(i => SchemaValues.Minimal(items, i))]);
            case "maxProperties":
                var values = Schema["additionalProperties"] as JsonObject ?? new JsonObject { ["type"] = "string" };
                var map = new JsonObject();
                for (var i = 0; i <= (int)Schema["maxProperties"]!; i++)
                {
                    map[string.Create(CultureInfo.InvariantCulture, $"key{i}")] = SchemaValues.Minimal(values, i);
                }

                return map;
            case "required":
                var holder = SchemaValues.Minimal(Schema)!.AsObject();
                holder.Remove(RequiredField!);
                return holder;
            default:
                throw new InvalidOperationException($"no bad value for {Keyword}");
        }
    }

    /// <summary>Words of the apiserver's error for this rule (k8s.io/kube-openapi validate, apimachinery field errors).</summary>
    public string ExpectedError => Keyword switch
    {
        "maxLength" => "Too long",
        "minLength" => "should be at least",
        "pattern" => "should match",
        "enum" => "Unsupported value",
        "minimum" => "should be greater than or equal to",
        "maximum" => "should be less than or equal to",
        "maxItems" or "maxProperties" => "Too many",
        "required" => "Required value",
        _ => throw new InvalidOperationException($"no expected error for {Keyword}"),
    };

    /// <summary>The field the error names.</summary>
    public string ErrorField => RequiredField is null ? Path.ToString() : Path.Property(RequiredField).ToString();

    /// <summary>Values at the edge of the rule that the apiserver must accept.</summary>
    public IEnumerable<JsonNode?> GoodValues() => Keyword switch
    {
        "enum" => Schema["enum"]!.AsArray().Select(v => v?.DeepClone()),
        "minimum" => [(long)(double)Schema["minimum"]!],
        "maximum" => [(long)(double)Schema["maximum"]!],
        _ => [],
    };

    /// <summary>Every OpenAPI rule under <c>spec</c> of the CRD's schema.</summary>
    public static IEnumerable<SchemaConstraint> FindAll(JsonObject crd)
    {
        var resource = (string)crd["spec"]!["names"]!["plural"]!;
        foreach (var version in crd["spec"]!["versions"]!.AsArray())
        {
            if (version!["schema"]?["openAPIV3Schema"]?["properties"]?["spec"] is JsonObject spec)
            {
                foreach (var constraint in Visit(resource, spec, FieldPath.Root.Property("spec")))
                {
                    yield return constraint;
                }
            }
        }
    }

    private static IEnumerable<SchemaConstraint> Visit(string resource, JsonObject schema, FieldPath path)
    {
        foreach (var keyword in Keywords.Where(schema.ContainsKey))
        {
            yield return new SchemaConstraint(resource, path, keyword, schema);
        }

        if (schema["required"] is JsonArray required)
        {
            foreach (var field in required)
            {
                yield return new SchemaConstraint(resource, path, "required", schema, (string)field!);
            }
        }

        var children = (schema["properties"] as JsonObject ?? []).Select(p => (p.Value!.AsObject(), path.Property(p.Key)))
            .Concat(schema["items"] is JsonObject items ? [(items, path.FirstItem())] : [])
            .Concat(schema["additionalProperties"] is JsonObject values ? [(values, path.MapEntry())] : []);
        foreach (var (child, childPath) in children)
        {
            foreach (var constraint in Visit(resource, child, childPath))
            {
                yield return constraint;
            }
        }
    }
}
