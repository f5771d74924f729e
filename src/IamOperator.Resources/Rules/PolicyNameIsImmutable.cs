namespace IamOperator.Resources.Rules;

/// <summary>IAM has no way to rename a managed policy.</summary>
public sealed class PolicyNameIsImmutable() : ImmutableFieldRule("iamName", "IAM cannot rename a managed policy; create a new IamPolicy instead");
