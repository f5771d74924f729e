using System.Security.Cryptography;
using IamOperator.Iam;

namespace IamOperator.Reconciliation.Credentials;

/// <summary>
/// Console passwords from the operating system's cryptographic RNG that satisfy the account password policy, or IAM's
/// default policy when the account has none (at least 8 characters and three of uppercase, lowercase, numbers and
/// symbols: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html). Every
/// password has all four classes, so it satisfies any combination of RequireSymbols, RequireNumbers,
/// RequireUppercaseCharacters and RequireLowercaseCharacters; reuse prevention cannot bite a random password.
/// </summary>
public static class PasswordGenerator
{
    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Lower = "abcdefghijkmnopqrstuvwxyz";
    private const string Digits = "23456789";
    /// <summary>The symbols IAM counts for RequireSymbols (UpdateAccountPasswordPolicy).</summary>
    public const string Symbols = "!@#$%^&*()_+-=[]{}|'";

    /// <summary>Long enough that guessing is hopeless whatever the policy's minimum (about 150 bits).</summary>
    public const int PreferredLength = 24;

    /// <summary>IAM's longest password (CreateLoginProfile, Password).</summary>
    public const int MaxLength = 128;

    public static string Generate(AccountPasswordPolicyInfo? policy)
    {
        var length = Math.Clamp(Math.Max(PreferredLength, policy?.MinimumPasswordLength ?? 0), 4, MaxLength);
        var characters = new char[length];
        // One of each class first, the rest from all of them, then a shuffle so the classes sit anywhere.
        characters[0] = Upper[RandomNumberGenerator.GetInt32(Upper.Length)];
        characters[1] = Lower[RandomNumberGenerator.GetInt32(Lower.Length)];
        characters[2] = Digits[RandomNumberGenerator.GetInt32(Digits.Length)];
        characters[3] = Symbols[RandomNumberGenerator.GetInt32(Symbols.Length)];
        const string all = Upper + Lower + Digits + Symbols;
        RandomNumberGenerator.GetItems(all.AsSpan(), characters.AsSpan(4));
        RandomNumberGenerator.Shuffle(characters.AsSpan());
        return new string(characters);
    }
}
