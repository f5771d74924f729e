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
}
