namespace IamOperator.Resources.Rules;

/// <summary>IAM has no way to move a managed policy to another path.</summary>
public sealed class PolicyPathIsImmutable() : ImmutableFieldRule("path", "IAM cannot change a managed policy's path; create a new IamPolicy instead");
