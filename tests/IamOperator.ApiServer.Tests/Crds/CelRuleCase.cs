using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace IamOperator.ApiServer.Tests.Crds;

/// <summary>
/// How to break and how to satisfy one CEL rule of our CRDs, starting from a valid sample. Found by the
/// rule's message; a rule without a case fails its test, so a new rule cannot go untested.
/// For a transition rule, <see cref="Bad"/> and <see cref="Good"/> edit the stored object into the update.
/// </summary>
public sealed record CelRuleCase(Action<JsonObject> Prepare, Action<JsonObject> Bad, Action<JsonObject> Good)
{
    // Two valid values per immutable field: the object is created with the first and updated to the second.
    private static readonly Dictionary<string, (string First, string Second)> ImmutableFieldValues = new()
    {
        ["iamName"] = ("first-name", "second-name"),
        ["path"] = ("/first/", "/second/"),
        ["description"] = ("first description", "second description"),
    };

    public static CelRuleCase For(CelRule rule)
    {
        if (Regex.Match(rule.Message, @"name \(spec\.iamName, or metadata\.name when spec\.iamName is absent\) may not be more than (\d+) characters") is { Success: true } nameLimit)
        {
            var tooLong = new string('a', int.Parse(nameLimit.Groups[1].Value, CultureInfo.InvariantCulture) + 1);
            return new CelRuleCase(
                Prepare: _ => { },
                Bad: resource =>
                {
                    resource["metadata"]!["name"] = tooLong;
                    resource["spec"]?.AsObject().Remove("iamName");
                },
                Good: resource =>
                {
                    resource["metadata"]!["name"] = tooLong;
                    FieldPath.Root.Property("spec").Property("iamName").Set(resource, "short-name");
                });
        }

        if (rule.Message.StartsWith("tag keys", StringComparison.Ordinal))
        {
            return new CelRuleCase(
                Prepare: _ => { },
                // The owner tag key in another letter case: the part of the rule that needs CEL's strings extension (charAt).
                Bad: resource => rule.Path.Set(resource, new JsonObject { ["IAMOPERATOR.DEV/OWNER"] = "other-cluster/team/alice" }),
                Good: resource => rule.Path.Set(resource, new JsonObject { ["team"] = "platform" }));
        }

        if (Regex.Match(rule.Message, @"^exactly one of (.+) must be set$") is { Success: true } exactlyOne)
        {
            var fields = Regex.Split(exactlyOne.Groups[1].Value, ", | or ").Select(f => f[(f.LastIndexOf('.') + 1)..]).ToArray();
            JsonNode? Minimal(string field) => SchemaValues.Minimal(rule.Schema["properties"]![field]!.AsObject());
            return new CelRuleCase(
                Prepare: _ => { },
                Bad: resource => rule.Path.Set(resource, new JsonObject { [fields[0]] = Minimal(fields[0]), [fields[1]] = Minimal(fields[1]) }),
                Good: resource => rule.Path.Set(resource, new JsonObject { [fields[0]] = Minimal(fields[0]) }));
        }

        if (Regex.Match(rule.Message, @"^(\w+) is immutable") is { Success: true } immutable
            && ImmutableFieldValues.TryGetValue(immutable.Groups[1].Value, out var values))
        {
            var field = rule.Path.Property(immutable.Groups[1].Value);
            return new CelRuleCase(
                Prepare: resource => field.Set(resource, values.First),
                Bad: resource => field.Set(resource, values.Second),
                Good: resource => resource["metadata"]!["labels"] = new JsonObject { ["changed"] = "yes" });
        }

        if (Regex.Match(rule.Message, @"at most (\d+) .*: (\w+) and (\w+) together") is { Success: true } combinedLimit)
        {
            var limit = int.Parse(combinedLimit.Groups[1].Value, CultureInfo.InvariantCulture);
            var (first, second) = (combinedLimit.Groups[2].Value, combinedLimit.Groups[3].Value);
            JsonArray Items(string field, int count)
            {
                var items = rule.Schema["properties"]![field]!["items"]!.AsObject();
                return new JsonArray([.. Enumerable.Range(0, count).Select(i => SchemaValues.Minimal(items, i))]);
            }

            // Each list within its own maxItems, only the sum over the limit.
            return new CelRuleCase(
                Prepare: _ => { },
                Bad: resource =>
                {
                    rule.Path.Property(first).Set(resource, Items(first, limit));
                    rule.Path.Property(second).Set(resource, Items(second, 1));
                },
                Good: resource =>
                {
                    rule.Path.Property(first).Set(resource, Items(first, limit));
                    JsonNode? holder = resource;
                    foreach (var segment in rule.Path.Segments)
                    {
                        holder = holder?[segment.Name];
                    }

                    (holder as JsonObject)?.Remove(second);
                });
        }

        if (rule.Message.StartsWith("a context key whose type is not a List type", StringComparison.Ordinal))
        {
            JsonObject Entry(string type, params string[] values) => new()
            {
                ["key"] = "aws:SourceIp",
                ["type"] = type,
                ["values"] = new JsonArray([.. values.Select(v => (JsonNode?)v)]),
            };
            return new CelRuleCase(
                Prepare: _ => { },
                Bad: resource => rule.Path.Set(resource, Entry("Ip", "203.0.113.7", "198.51.100.1")),
                Good: resource => rule.Path.Set(resource, Entry("IpList", "203.0.113.7", "198.51.100.1")));
        }

        throw new InvalidOperationException($"no test case for the CEL rule {rule.Id} ({rule.Rule}); add one to {nameof(CelRuleCase)}");
    }
}
