using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using IamOperator.Iam.Emulator.State;

namespace IamOperator.Iam.Emulator.Protocol;

/// <summary>IAM's XML response shapes: <c>&lt;XResponse&gt;&lt;XResult/&gt;&lt;ResponseMetadata/&gt;</c> and <c>&lt;ErrorResponse&gt;</c>.</summary>
internal static class IamXml
{
    public static readonly XNamespace Ns = "https://iam.amazonaws.com/doc/2010-05-08/";

    public static XElement E(string name, params object?[] content) => new(Ns + name, content);

    /// <summary>An element only when the value is present (IAM omits absent optional members).</summary>
    public static XElement? Opt(string name, string? value) => value is null ? null : E(name, value);

    public static string Date(DateTimeOffset date) => date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Bool(bool value) => value ? "true" : "false";

    /// <summary>Policy documents travel URL-encoded in IAM responses (RFC 3986, as IAM does).</summary>
    public static string Document(string document) => Uri.EscapeDataString(document);

    /// <summary>A list as IAM writes it: <c>&lt;name&gt;&lt;member&gt;…&lt;/member&gt;&lt;/name&gt;</c>.</summary>
    public static XElement Members(string name, IEnumerable<object?> members) =>
        E(name, members.Select(member => E("member", member)));

    public static XElement Tags(IEnumerable<Tag> tags) =>
        Members("Tags", tags.Select(tag => new object[] { E("Key", tag.Key), E("Value", tag.Value) }));

    public static byte[] Response(string action, XElement? result, string requestId)
    {
        var root = E($"{action}Response",
            result is null ? null : E($"{action}Result", result.Nodes()),
            E("ResponseMetadata", E("RequestId", requestId)));
        return Serialize(root);
    }

    /// <summary>Children of an action's result element.</summary>
    public static XElement Result(params object?[] content) => E("Result", content);

    /// <summary>The error document, in IAM's namespace or, for a call to STS on the same endpoint, in STS's.</summary>
    public static byte[] Error(IamError error, string requestId, XNamespace? ns = null)
    {
        ns ??= Ns;
        return Serialize(new XElement(ns + "ErrorResponse",
            new XElement(ns + "Error", new XElement(ns + "Type", error.Type), new XElement(ns + "Code", error.Code), new XElement(ns + "Message", Printable(error.Message))),
            new XElement(ns + "RequestId", requestId)));
    }

    /// <summary>
    /// Text as XML 1.0 can carry it: characters it cannot (NUL and other C0 controls, lone surrogates)
    /// become <c>\uXXXX</c>, so an error that quotes a bad value can still be answered.
    /// </summary>
    public static string Printable(string text)
    {
        if (text.All(XmlConvert.IsXmlChar))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        for (var index = 0; index < text.Length; index++)
        {
            var character = text[index];
            if (char.IsHighSurrogate(character) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
            {
                builder.Append(character).Append(text[++index]);
            }
            else if (XmlConvert.IsXmlChar(character))
            {
                builder.Append(character);
            }
            else
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)character:X4}");
            }
        }

        return builder.ToString();
    }

    /// <summary>UTF-8 bytes whose declaration says so: strict parsers read the declared encoding.</summary>
    public static byte[] Serialize(XElement root)
    {
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { OmitXmlDeclaration = false, Indent = true, Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false) }))
        {
            new XDocument(root).Save(writer);
        }

        return stream.ToArray();
    }
}
