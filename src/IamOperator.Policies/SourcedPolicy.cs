namespace IamOperator.Policies;

/// <summary>
/// A policy document that applies to a principal, with where it comes from as a person reads it
/// (<c>group DevOps → AdministratorAccess</c>, <c>inline policy s3-logs</c>), so a decision can say "via".
/// </summary>
public sealed record SourcedPolicy(string Source, PolicyDocument Document);
