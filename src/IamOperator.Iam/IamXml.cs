using System.Globalization;
using System.Xml.Linq;

namespace IamOperator.Iam;

/// <summary>
/// Namespace- and order-tolerant reads of IAM's XML: elements are found by local name, anywhere
/// among the children, so a reordered or namespaced response parses the same.
/// </summary>
internal static class IamXml
{
    public static XElement? Child(this XElement parent, string name) =>
        parent.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    public static string? Text(this XElement parent, string name) => parent.Child(name)?.Value;

    /// <summary>A required element's text; a missing one means IAM (or a proxy) sent something we cannot trust.</summary>
    public static string Required(this XElement parent, string name) =>
        parent.Text(name) ?? throw new FormatException($"IAM response element <{parent.Name.LocalName}> lacks <{name}>.");

    public static bool Flag(this XElement parent, string name) =>
        string.Equals(parent.Text(name), "true", StringComparison.OrdinalIgnoreCase);

    public static int? Int(this XElement parent, string name) =>
        parent.Text(name) is { } text ? int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture) : null;

    public static DateTimeOffset Date(this XElement parent, string name) =>
        DateTimeOffset.Parse(parent.Required(name), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static DateTimeOffset? OptionalDate(this XElement parent, string name) =>
        parent.Text(name) is { } text
            ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)
            : null;

    /// <summary>The <c>member</c> items of a list element; empty when the list is absent.</summary>
    public static IEnumerable<XElement> Members(this XElement parent, string listName) =>
        parent.Child(listName)?.Elements().Where(e => e.Name.LocalName == "member") ?? [];

    /// <summary>
    /// IAM returns policy documents URL-encoded (RFC 3986). A document that already starts with
    /// '{' is taken as decoded, so an IAM-compatible endpoint that sends plain JSON still works.
    /// </summary>
    public static string DecodeDocument(string text)
    {
        var trimmed = text.TrimStart();
        return trimmed.StartsWith('{') ? text : Uri.UnescapeDataString(text);
    }

    public static string? Document(this XElement parent, string name) =>
        parent.Text(name) is { } text ? DecodeDocument(text) : null;
}
