namespace IamOperator.Resources.Rules;

/// <summary>IAM has no way to move a role to another path.</summary>
public sealed class RolePathIsImmutable() : ImmutableFieldRule("path", "IAM cannot change a role's path; create a new IamServiceRole instead");
