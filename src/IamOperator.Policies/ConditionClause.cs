namespace IamOperator.Policies;

/// <summary>
/// One <c>operator → key → values</c> entry of a <c>Condition</c> block, as written. Numbers and
/// Booleans are kept as their JSON text (<c>10</c>, <c>true</c>).
/// </summary>
public sealed record ConditionClause(string Operator, string Key, ValueList<string> Values);
