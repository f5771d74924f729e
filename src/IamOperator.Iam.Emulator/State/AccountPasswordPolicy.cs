namespace IamOperator.Iam.Emulator.State;

/// <summary>
/// The account's password policy as UpdateAccountPasswordPolicy sets it
/// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccountPasswordPolicy.html).
/// <see cref="MaxPasswordAge"/> and <see cref="PasswordReusePrevention"/> are null when not set (no expiry, no reuse check).
/// </summary>
internal sealed record AccountPasswordPolicy(
    int MinimumPasswordLength,
    bool RequireSymbols,
    bool RequireNumbers,
    bool RequireUppercaseCharacters,
    bool RequireLowercaseCharacters,
    bool AllowUsersToChangePassword,
    int? MaxPasswordAge,
    int? PasswordReusePrevention,
    bool HardExpiry);
