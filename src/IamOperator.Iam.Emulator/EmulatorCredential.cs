namespace IamOperator.Iam.Emulator;

/// <summary>
/// A key pair the emulator accepts. With <see cref="SessionToken"/> set it emulates temporary
/// credentials: requests must then carry that token in <c>X-Amz-Security-Token</c>.
/// </summary>
public sealed record EmulatorCredential(string AccessKeyId, string SecretAccessKey)
{
    /// <summary>The example key pair from the AWS documentation (never a real key).</summary>
    public static EmulatorCredential DocumentationExample { get; } = new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");

    public string? SessionToken { get; init; }

    /// <summary>Never prints the secret or the token.</summary>
    public override string ToString() => $"EmulatorCredential {{ AccessKeyId = {AccessKeyId}, SecretAccessKey = *** }}";
}
