namespace IamOperator.Iam;

/// <summary>An explicit key pair (e.g. the emulator's). <see cref="ToString"/> never prints the secret or token.</summary>
public sealed record StaticIamCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken = null)
{
    public override string ToString() =>
        $"StaticIamCredentials {{ AccessKeyId = {AccessKeyId}, SecretAccessKey = ***{(SessionToken is null ? "" : ", SessionToken = ***")} }}";
}
