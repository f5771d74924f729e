using System.Text;
using System.Xml.Linq;

namespace IamOperator.Iam.Emulator;

/// <summary>
/// IAM's list pagination: <c>MaxItems</c> 1–1000 (default 100), an opaque <c>Marker</c> from the
/// previous page, <c>IsTruncated</c> and the next <c>Marker</c> in the result.
/// The marker names the last item returned, so entities added or removed between pages do not shift the rest.
/// </summary>
internal static class Pagination
{
    public const int DefaultMaxItems = 100;

    public static Page<T> Of<T>(IamRequest request, IReadOnlyList<T> items, Func<T, string> keyOf)
    {
        var maxItems = request.OptionalInt("MaxItems") ?? DefaultMaxItems;
        if (maxItems < 1)
        {
            throw IamError.Validation("maxItems", maxItems.ToString(System.Globalization.CultureInfo.InvariantCulture), "Member must have value greater than or equal to 1").ToException();
        }

        if (maxItems > 1000)
        {
            throw IamError.Validation("maxItems", maxItems.ToString(System.Globalization.CultureInfo.InvariantCulture), "Member must have value less than or equal to 1000").ToException();
        }

        var start = 0;
        if (request.Optional("Marker") is { } marker)
        {
            var after = Decode(marker);
            start = items.Count;
            for (var index = 0; index < items.Count; index++)
            {
                if (string.Compare(keyOf(items[index]), after, StringComparison.OrdinalIgnoreCase) > 0)
                {
                    start = index;
                    break;
                }
            }
        }

        var page = items.Skip(start).Take(maxItems).ToList();
        var truncated = start + page.Count < items.Count;
        return new Page<T>(page, truncated ? Encode(keyOf(page[^1])) : null);
    }

    private static string Encode(string key) => Convert.ToBase64String(Encoding.UTF8.GetBytes("v1:" + key));

    private static string Decode(string marker)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(marker));
            if (text.StartsWith("v1:", StringComparison.Ordinal))
            {
                return text[3..];
            }
        }
        catch (FormatException)
        {
            // Falls through to IAM's answer for a marker it did not issue.
        }

        throw IamError.InvalidInput($"Invalid Marker: {marker}").ToException();
    }
}

internal sealed record Page<T>(IReadOnlyList<T> Items, string? NextMarker)
{
    public bool IsTruncated => NextMarker is not null;

    /// <summary>IsTruncated always; Marker only when there is a next page.</summary>
    public object[] Footer() =>
        NextMarker is null
            ? [IamXml.E("IsTruncated", "false")]
            : [IamXml.E("IsTruncated", "true"), IamXml.E("Marker", NextMarker)];

    public XElement Members(string name, Func<T, object?> member) => IamXml.Members(name, Items.Select(member));
}
