namespace IamOperator.Policies;

/// <summary>
/// <c>Principal</c> or <c>NotPrincipal</c> of a statement: either the string <c>"*"</c>
/// (<see cref="IsWildcard"/>) or a map of <see cref="Entries"/>, as written.
/// </summary>
public sealed record PrincipalBlock(bool IsNotPrincipal, bool IsWildcard, ValueList<PrincipalEntry> Entries)
{
    public string ElementName => IsNotPrincipal ? "NotPrincipal" : "Principal";
}
