using System.Text.Json;
using System.Text.Json.Nodes;

namespace IamOperator.Reconciliation.Planning;

/// <summary>
/// IAM cannot tag groups, so a group we own carries an inline policy named <see cref="PolicyName"/>
/// whose only statement can never match a request: it denies <c>iam:*</c> only when the condition
/// key <c>iamoperator:owner</c> equals the owner, and no AWS request carries that key. The key's
/// value is the owner (<c>&lt;ownerId&gt;/&lt;namespace&gt;/&lt;name&gt;</c>), read back like a tag.
/// </summary>
public static class GroupOwnershipMarker
{
    public const string PolicyName = "iamoperator.dev-owner";
    public const string ConditionKey = "iamoperator:owner";

    public static string Document(string owner) =>
        new JsonObject
        {
            ["Version"] = "2012-10-17",
            ["Statement"] = new JsonArray(new JsonObject
            {
                ["Sid"] = "IamOperatorOwnershipMarker",
                ["Effect"] = "Deny",
                ["Action"] = "iam:*",
                ["Resource"] = "*",
                ["Condition"] = new JsonObject { ["StringEquals"] = new JsonObject { [ConditionKey] = owner } },
            }),
        }.ToJsonString();

    public static bool IsMarker(string policyName) => string.Equals(policyName, PolicyName, StringComparison.OrdinalIgnoreCase);

    /// <summary>The owner a marker document names, or null when the text is not a marker.</summary>
    public static string? ReadOwner(string document)
    {
        try
        {
            using var json = JsonDocument.Parse(document);
            return FindOwner(json.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // IAM may reorder keys and turn one-element arrays into strings: search instead of walking a fixed path.
    private static string? FindOwner(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.NameEquals(ConditionKey))
                    {
                        var value = property.Value;
                        if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 1) value = value[0];
                        return value.ValueKind == JsonValueKind.String ? value.GetString() : null;
                    }
                    if (FindOwner(property.Value) is { } found) return found;
                }
                return null;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                    if (FindOwner(item) is { } found) return found;
                return null;
            default:
                return null;
        }
    }
}
