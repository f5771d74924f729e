using System.Security.Cryptography;
using System.Text;

namespace IamOperator.Iam.Emulator.State;

/// <summary>
/// What a console password must satisfy: the account's password policy when one is set
/// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccountPasswordPolicy.html), otherwise IAM's
/// default policy (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html):
/// at least 8 characters and at least three of uppercase letters, lowercase letters, numbers and symbols.
/// </summary>
internal static class PasswordRules
{
    /// <summary>The non-alphanumeric characters RequireSymbols counts (UpdateAccountPasswordPolicy, RequireSymbols).</summary>
    public const string Symbols = "!@#$%^&*()_+-=[]{}|'";

    public const int DefaultMinimumLength = 8;

    /// <summary>IAM keeps at most this many earlier passwords (PasswordReusePrevention is 1–24).</summary>
    public const int MaxRemembered = 24;

    /// <summary>Every rule the password breaks, in a fixed order; empty when it conforms.</summary>
    public static IReadOnlyList<string> Problems(AccountPasswordPolicy? policy, string password, IEnumerable<string> earlierHashes)
    {
        var problems = new List<string>();
        var (upper, lower, number, symbol) = (password.Any(char.IsAsciiLetterUpper), password.Any(char.IsAsciiLetterLower), password.Any(char.IsAsciiDigit), password.Any(Symbols.Contains));
        if (policy is null)
        {
            if (password.Length < DefaultMinimumLength)
            {
                problems.Add($"Password should have a minimum length of {DefaultMinimumLength}");
            }

            if (new[] { upper, lower, number, symbol }.Count(present => present) < 3)
            {
                problems.Add("Password should have at least three of: uppercase letters, lowercase letters, numbers, symbols");
            }

            return problems;
        }

        if (password.Length < policy.MinimumPasswordLength)
        {
            problems.Add($"Password should have a minimum length of {policy.MinimumPasswordLength}");
        }

        if (policy.RequireUppercaseCharacters && !upper)
        {
            problems.Add("Password should have at least one uppercase letter");
        }

        if (policy.RequireLowercaseCharacters && !lower)
        {
            problems.Add("Password should have at least one lowercase letter");
        }

        if (policy.RequireNumbers && !number)
        {
            problems.Add("Password should have at least one number");
        }

        if (policy.RequireSymbols && !symbol)
        {
            problems.Add("Password should have at least one symbol");
        }

        if (policy.PasswordReusePrevention is { } remembered && earlierHashes.Take(remembered).Contains(Hash(password)))
        {
            problems.Add($"Password should not be one of the last {remembered} passwords");
        }

        return problems;
    }

    /// <summary>Only hashes are kept, so the emulator's memory never holds a console password in clear.</summary>
    public static string Hash(string password) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(password)));
}
