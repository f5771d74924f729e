namespace IamOperator.Policies;

/// <summary>The principal map keys the IAM policy grammar allows.</summary>
public static class PrincipalTypes
{
    public const string Aws = "AWS";
    public const string Service = "Service";
    public const string Federated = "Federated";
    public const string CanonicalUser = "CanonicalUser";

    public static IReadOnlyList<string> All { get; } = [Aws, Service, Federated, CanonicalUser];
}
