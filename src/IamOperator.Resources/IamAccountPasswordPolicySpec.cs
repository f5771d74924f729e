using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using IamOperator.Resources.Schema;

namespace IamOperator.Resources;

/// <summary>
/// The account password policy, with UpdateAccountPasswordPolicy's parameters and ranges
/// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccountPasswordPolicy.html). A field left out
/// takes IAM's default, as that call does: IAM has no partial update. The account has no IAM name or path, and there
/// is nothing of another owner to adopt, so the entity fields other kinds have are not part of this kind.
/// </summary>
[EntityFieldsNotApplicable]
public sealed class IamAccountPasswordPolicySpec : IamEntitySpec
{
    public const int DefaultMinimumPasswordLength = 6;

    [Description("The minimum number of characters of an IAM user's console password, 6 to 128; IAM's default is 6.")]
    [Range(IamLimits.MinPasswordLength, IamLimits.MaxPasswordLength)]
    [JsonPropertyName("minimumPasswordLength")] public int? MinimumPasswordLength { get; set; }

    [Description("Require at least one of the symbols ! @ # $ % ^ & * ( ) _ + - = [ ] { } | '; default false.")]
    [JsonPropertyName("requireSymbols")] public bool? RequireSymbols { get; set; }

    [Description("Require at least one digit (0 to 9); default false.")]
    [JsonPropertyName("requireNumbers")] public bool? RequireNumbers { get; set; }

    [Description("Require at least one uppercase letter (A to Z); default false.")]
    [JsonPropertyName("requireUppercaseCharacters")] public bool? RequireUppercaseCharacters { get; set; }

    [Description("Require at least one lowercase letter (a to z); default false.")]
    [JsonPropertyName("requireLowercaseCharacters")] public bool? RequireLowercaseCharacters { get; set; }

    [Description("How many days a password is valid, 1 to 1095; left out, passwords never expire.")]
    [Range(1, IamLimits.MaxPasswordAgeDays)]
    [JsonPropertyName("maxPasswordAgeDays")] public int? MaxPasswordAgeDays { get; set; }

    [Description("How many of a user's previous passwords cannot be used again, 1 to 24; left out, any may be.")]
    [Range(1, IamLimits.MaxPasswordReusePrevention)]
    [JsonPropertyName("passwordReusePrevention")] public int? PasswordReusePrevention { get; set; }

    [Description("When true, a user whose password expired cannot set a new one: an administrator must reset it; default false.")]
    [JsonPropertyName("hardExpiry")] public bool? HardExpiry { get; set; }

    [Description("Let every IAM user change their own password in the console; default false.")]
    [JsonPropertyName("allowUsersToChangePassword")] public bool? AllowUsersToChangePassword { get; set; }
}
