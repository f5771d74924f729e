using System.Text.Json;

namespace IamOperator.Policies;

/// <summary>
/// An IAM policy document (identity, managed or trust policy). Two documents that mean the same
/// have the same <see cref="ToCanonicalJson"/> and are <see cref="SemanticallyEquals"/>.
/// CONTRACT (filled in by the Policies work): signatures here are what other parts call.
/// </summary>
public sealed partial record PolicyDocument
{
    /// <summary>Parses JSON text, also URL-encoded text as IAM returns it. Throws <see cref="PolicyDocumentException"/>.</summary>
    public static PolicyDocument Parse(string text) => throw new NotImplementedException();

    /// <summary>Parses a structured document (from a manifest). Throws <see cref="PolicyDocumentException"/>.</summary>
    public static PolicyDocument FromJson(JsonElement document) => throw new NotImplementedException();

    /// <summary>Compact, canonical JSON: same meaning gives the same text. What is sent to IAM.</summary>
    public string ToCanonicalJson() => throw new NotImplementedException();

    public bool SemanticallyEquals(PolicyDocument other) => throw new NotImplementedException();

    /// <summary>Size as IAM counts it for quotas (characters, whitespace not counted).</summary>
    public int IamSize => throw new NotImplementedException();
}

/// <summary>A document that is not valid policy grammar; the message says where and why.</summary>
public sealed class PolicyDocumentException(string message) : Exception(message);
