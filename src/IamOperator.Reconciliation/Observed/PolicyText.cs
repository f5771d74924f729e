using IamOperator.Policies;

namespace IamOperator.Reconciliation.Observed;

/// <summary>Turns a document as IAM returns it into the canonical form the planner compares.</summary>
public static class PolicyText
{
    /// <summary>
    /// The canonical JSON; a document our parser cannot read is kept as IAM sent it, so it differs
    /// from any declaration and is rewritten with the declared one.
    /// </summary>
    public static string Canonical(string document)
    {
        try
        {
            return PolicyDocument.Parse(document).ToCanonicalJson();
        }
        catch (PolicyDocumentException)
        {
            return document;
        }
    }

    /// <summary>Whether two documents say the same thing: equal in canonical form (the text sent may differ).</summary>
    public static bool SameAs(string document, string canonical) =>
        string.Equals(document, canonical, StringComparison.Ordinal) || string.Equals(Canonical(document), canonical, StringComparison.Ordinal);

    /// <summary>The size IAM's quotas count: characters of the text, whitespace not counted.</summary>
    public static int IamSize(string document) => document.Count(c => c is not (' ' or '\t' or '\n' or '\r'));
}
