namespace IamOperator.Resources.Rules;

/// <summary>IAM has no way to rename a role (UpdateRole takes no new name).</summary>
public sealed class RoleNameIsImmutable() : ImmutableFieldRule("iamName", "IAM cannot rename a role; create a new IamServiceRole instead");
