using System.Text.Json;

namespace IamOperator.Policies;

/// <summary>
/// An IAM policy document (identity, managed or trust policy), as written. Two documents that mean the
/// same have the same <see cref="ToCanonicalJson"/>, are <see cref="SemanticallyEquals"/> and are
/// <c>==</c>: record equality is by meaning, so records holding documents compare as IAM would.
/// </summary>
public sealed partial record PolicyDocument
{
    /// <summary>The current policy language version.</summary>
    public const string CurrentVersion = "2012-10-17";

    /// <summary>The version IAM applies when a document has no <c>Version</c> element.</summary>
    public const string DefaultVersion = "2008-10-17";

    internal static IReadOnlySet<string> SupportedVersions { get; } = new HashSet<string>(StringComparer.Ordinal) { CurrentVersion, DefaultVersion };

    private readonly string canonicalJson;

    internal PolicyDocument(string? version, string? id, ValueList<PolicyStatement> statements)
    {
        Version = version;
        Id = id;
        Statements = statements;
        canonicalJson = CanonicalPolicyWriter.Write(this);
        IamSize = canonicalJson.Count(c => c is not (' ' or '\t' or '\n' or '\r'));
    }

    /// <summary>The <c>Version</c> element as written; null when absent.</summary>
    public string? Version { get; }

    /// <summary>The policy language version in force: <see cref="Version"/>, or <see cref="DefaultVersion"/> when absent.</summary>
    public string EffectiveVersion => Version ?? DefaultVersion;

    public string? Id { get; }

    /// <summary>The statements in document order.</summary>
    public ValueList<PolicyStatement> Statements { get; }

    /// <summary>Parses JSON text, also URL-encoded text as IAM returns it. Throws <see cref="PolicyDocumentException"/>.</summary>
    public static PolicyDocument Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var json = text.TrimStart().TrimStart('\uFEFF');
        // IAM returns documents "URL-encoded compliant with RFC 3986" (e.g. GetRolePolicy): decode
        // anything that does not already start as a JSON object.
        if (json.Length > 0 && json[0] != '{')
        {
            try { json = Uri.UnescapeDataString(json); }
            catch (UriFormatException e) { throw new PolicyDocumentException($"The policy document is neither JSON nor URL-encoded JSON: {e.Message}"); }
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return FromJson(document.RootElement);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (line {line + 1}, position {e.BytePositionInLine + 1})" : "";
            throw new PolicyDocumentException($"The policy document is not valid JSON{where}: {FirstSentence(e.Message)}");
        }
    }

    /// <summary>Parses a structured document (from a manifest). Throws <see cref="PolicyDocumentException"/>.</summary>
    public static PolicyDocument FromJson(JsonElement document) => PolicyDocumentParser.Read(document);

    /// <summary>Compact, canonical JSON: same meaning gives the same text. What is sent to IAM.</summary>
    public string ToCanonicalJson() => canonicalJson;

    public bool SemanticallyEquals(PolicyDocument other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return string.Equals(canonicalJson, other.canonicalJson, StringComparison.Ordinal);
    }

    /// <summary>Size as IAM counts it for quotas: characters of the canonical JSON, whitespace not counted.</summary>
    public int IamSize { get; }

    public bool Equals(PolicyDocument? other) => other is not null && SemanticallyEquals(other);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(canonicalJson);

    public override string ToString() => canonicalJson;

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }
}
