using System.Text;

namespace IamOperator.Iam.Emulator.Protocol;

/// <summary>
/// IAM's list pagination: <c>MaxItems</c> 1–1000 (default 100), an opaque <c>Marker</c> from the
/// previous page, <c>IsTruncated</c> and the next <c>Marker</c> in the result.
/// The marker names the key of the last item returned, so entities added or removed between pages do not shift the rest.
/// </summary>
internal static class Pagination
{
    public const int DefaultMaxItems = 100;

    /// <summary>One page of <paramref name="items"/>, listed in the order of their keys (the marker relies on it).</summary>
    public static Page<T> Of<T>(IamRequest request, IEnumerable<T> source, Func<T, string> keyOf)
    {
        var items = source.OrderBy(keyOf, StringComparer.OrdinalIgnoreCase).ToList();
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
