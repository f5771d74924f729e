namespace IamOperator.Policies;

/// <summary>
/// A statement that applied to the request: its policy's <see cref="SourcedPolicy.Source"/>, its index in
/// the document's <c>Statement</c> array and its <c>Sid</c>, as the simulator's <c>MatchedStatements</c>.
/// </summary>
public sealed record MatchedStatement(string Source, int StatementIndex, string? Sid, PolicyEffect Effect, bool InPermissionsBoundary)
{
    public override string ToString() =>
        $"{Source} Statement[{StatementIndex}]{(string.IsNullOrEmpty(Sid) ? "" : $" ({Sid})")}{(InPermissionsBoundary ? " [permissions boundary]" : "")}";
}
