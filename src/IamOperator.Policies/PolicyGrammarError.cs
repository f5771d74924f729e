namespace IamOperator.Policies;

/// <summary>
/// One grammar problem: <see cref="Path"/> is the JSON path inside the document (e.g.
/// <c>Statement[1].Effect</c>, empty for the document itself) and <see cref="Problem"/> says what is wrong
/// and what is allowed.
/// </summary>
public sealed record PolicyGrammarError(string Path, string Problem)
{
    public override string ToString() => Path.Length == 0 ? Problem : $"{Path} {Problem}";
}
