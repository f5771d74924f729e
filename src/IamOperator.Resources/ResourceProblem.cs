namespace IamOperator.Resources;

/// <summary>One reason a resource is invalid: where (field path as the apiserver writes it) and what is allowed.</summary>
public sealed record ResourceProblem(string FieldPath, string Message)
{
    public override string ToString() => FieldPath.Length == 0 ? Message : $"{FieldPath}: {Message}";
}
