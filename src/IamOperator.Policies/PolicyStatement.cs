namespace IamOperator.Policies;

/// <summary>
/// One statement as written; <see cref="Index"/> is its position in the document's <c>Statement</c>
/// array (0 when <c>Statement</c> is a single object), used in field paths.
/// </summary>
public sealed record PolicyStatement(
    int Index,
    string? Sid,
    PolicyEffect Effect,
    PrincipalBlock? Principal,
    ActionBlock Action,
    ResourceBlock? Resource,
    ValueList<ConditionClause> Conditions)
{
    /// <summary>Path of this statement inside its document, e.g. <c>Statement[1]</c>.</summary>
    public string Path => $"Statement[{Index}]";
}
