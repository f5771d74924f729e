using System.Globalization;
using System.Text.Json.Nodes;

namespace IamOperator.Controllers;

/// <summary>
/// The pure part of the status writer: the status to write (observedGeneration set, each condition's
/// lastTransitionTime kept unless its status changed) and the smallest merge patch from the current status to it.
/// </summary>
public static class StatusPatch
{
    /// <summary>
    /// The status to store: <paramref name="desired"/> with <c>observedGeneration</c> (top level and on each condition)
    /// set to <paramref name="generation"/>, and each condition's <c>lastTransitionTime</c> taken from the current
    /// condition of that type when its <c>status</c> is unchanged, <paramref name="now"/> otherwise.
    /// </summary>
    public static JsonObject Desired(JsonObject? current, JsonObject desired, long? generation, DateTimeOffset now)
    {
        var result = Normalize(desired);
        if (generation is { } g)
        {
            result["observedGeneration"] = g;
        }

        if (result["conditions"] is JsonArray conditions)
        {
            var before = current?["conditions"] as JsonArray;
            foreach (var condition in conditions.OfType<JsonObject>())
            {
                var type = (string?)condition["type"];
                var previous = before?.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == type);
                if (generation is { } cg)
                {
                    condition["observedGeneration"] = cg;
                }

                condition["lastTransitionTime"] =
                    previous is not null && (string?)previous["status"] == (string?)condition["status"] && previous["lastTransitionTime"] is { } kept
                        ? kept.DeepClone()
                        : now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            }
        }

        return Normalize(result);
    }

    /// <summary>
    /// A JSON merge patch (RFC 7386) that turns <paramref name="current"/> into <paramref name="desired"/>:
    /// changed values, nulls for removed keys, nested objects diffed key by key, arrays replaced whole.
    /// Empty when they are equal.
    /// </summary>
    public static JsonObject Diff(JsonObject? current, JsonObject desired)
    {
        var from = current is null ? [] : Normalize(current);
        var to = Normalize(desired);
        var patch = new JsonObject();
        foreach (var (key, _) in from)
        {
            if (!to.ContainsKey(key))
            {
                patch[key] = null;
            }
        }

        foreach (var (key, value) in to)
        {
            var before = from[key];
            if (value is JsonObject valueObject && before is JsonObject beforeObject)
            {
                var nested = Diff(beforeObject, valueObject);
                if (nested.Count > 0)
                {
                    patch[key] = nested;
                }
            }
            else if (!JsonNode.DeepEquals(before, value))
            {
                patch[key] = value?.DeepClone();
            }
        }

        return patch;
    }

    /// <summary>A copy without null-valued keys, with every value parsed from text so equal JSON compares equal.</summary>
    private static JsonObject Normalize(JsonObject o)
    {
        var copy = (JsonObject)JsonNode.Parse(o.ToJsonString())!;
        RemoveNulls(copy);
        return copy;
    }

    private static void RemoveNulls(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Where(p => p.Value is null).Select(p => p.Key).ToList())
                {
                    o.Remove(key);
                }

                foreach (var (_, value) in o)
                {
                    RemoveNulls(value);
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    RemoveNulls(item);
                }

                break;
        }
    }
}
