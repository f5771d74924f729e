namespace IamOperator.Policies;

/// <summary>A document that is not valid policy grammar; the message says where and why, for every problem found.</summary>
public sealed class PolicyDocumentException : Exception
{
    public PolicyDocumentException(string message) : base(message) => Errors = [new PolicyGrammarError("", message)];

    public PolicyDocumentException(IReadOnlyList<PolicyGrammarError> errors)
        : base(string.Join("; ", errors)) => Errors = errors;

    /// <summary>Every problem found, in document order; callers can prefix each path with the manifest field that held the document.</summary>
    public IReadOnlyList<PolicyGrammarError> Errors { get; }
}
