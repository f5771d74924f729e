namespace IamOperator.Policies;

/// <summary>A managed policy (ARN, glob '*' allowed) that is denied except in <see cref="ExceptNamespaces"/>.</summary>
public sealed record DeniedManagedPolicy(string PolicyArn, IReadOnlyList<string> ExceptNamespaces);
