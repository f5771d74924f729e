using System.Text.Json.Nodes;

namespace IamOperator.ApiServer.Tests.Crds;

/// <summary>One <c>x-kubernetes-validations</c> rule of a CRD, at the field it is declared on.</summary>
public sealed record CelRule(string Resource, FieldPath Path, string Rule, string Message, JsonObject Schema)
{
    public string Id => $"{Resource}: {(Path.Segments.Count == 0 ? "<root>" : Path.ToString())}: {Message}";

    /// <summary>Transition rules compare with the stored object, so they only act on updates.</summary>
    public bool IsTransitionRule => Rule.Contains("oldSelf", StringComparison.Ordinal);

    public static IEnumerable<CelRule> FindAll(JsonObject crd)
    {
        var resource = (string)crd["spec"]!["names"]!["plural"]!;
        foreach (var version in crd["spec"]!["versions"]!.AsArray())
        {
            if (version!["schema"]?["openAPIV3Schema"] is JsonObject root)
            {
                foreach (var rule in Visit(resource, root, FieldPath.Root))
                {
                    yield return rule;
                }
            }
        }
    }

    private static IEnumerable<CelRule> Visit(string resource, JsonObject schema, FieldPath path)
    {
        foreach (var validation in schema["x-kubernetes-validations"] as JsonArray ?? [])
        {
            yield return new CelRule(resource, path, (string)validation!["rule"]!, (string?)validation["message"] ?? (string)validation["rule"]!, schema);
        }

        var children = (schema["properties"] as JsonObject ?? []).Select(p => (p.Value!.AsObject(), path.Property(p.Key)))
            .Concat(schema["items"] is JsonObject items ? [(items, path.FirstItem())] : [])
            .Concat(schema["additionalProperties"] is JsonObject values ? [(values, path.MapEntry())] : []);
        foreach (var (child, childPath) in children)
        {
            foreach (var rule in Visit(resource, child, childPath))
            {
                yield return rule;
            }
        }
    }
}
