namespace IamOperator.Policies;

/// <summary>One entry of a principal map: a type (<c>AWS</c>, <c>Service</c>, <c>Federated</c>, <c>CanonicalUser</c>) and its identifiers.</summary>
public sealed record PrincipalEntry(string Type, ValueList<string> Identifiers);
