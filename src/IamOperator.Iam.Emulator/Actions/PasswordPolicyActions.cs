using System.Xml.Linq;
using IamOperator.Iam.Emulator.Protocol;
using IamOperator.Iam.Emulator.State;
using static IamOperator.Iam.Emulator.Protocol.IamXml;

namespace IamOperator.Iam.Emulator.Actions;

/// <summary>
/// The account password policy (https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccountPasswordPolicy.html):
/// UpdateAccountPasswordPolicy replaces the whole policy, every parameter it omits reverting to its default.
/// </summary>
internal sealed class PasswordPolicyActions(IamAccount account)
{
    public void Register(ActionTable table)
    {
        table.Write("UpdateAccountPasswordPolicy", UpdateAccountPasswordPolicy);
        table.Read("GetAccountPasswordPolicy", GetAccountPasswordPolicy);
        table.Write("DeleteAccountPasswordPolicy", DeleteAccountPasswordPolicy);
    }

    /// <summary>MinimumPasswordLength 6–128 (default 6), MaxPasswordAge 1–1095 days and PasswordReusePrevention 1–24 (unset by default), booleans false by default.</summary>
    private XElement? UpdateAccountPasswordPolicy(IamRequest request)
    {
        account.PasswordPolicy = new AccountPasswordPolicy(
            MinimumPasswordLength: InRange(request, "MinimumPasswordLength", 6, 128) ?? 6,
            RequireSymbols: request.OptionalBool("RequireSymbols") ?? false,
            RequireNumbers: request.OptionalBool("RequireNumbers") ?? false,
            RequireUppercaseCharacters: request.OptionalBool("RequireUppercaseCharacters") ?? false,
            RequireLowercaseCharacters: request.OptionalBool("RequireLowercaseCharacters") ?? false,
            AllowUsersToChangePassword: request.OptionalBool("AllowUsersToChangePassword") ?? false,
            MaxPasswordAge: InRange(request, "MaxPasswordAge", 1, 1095),
            PasswordReusePrevention: InRange(request, "PasswordReusePrevention", 1, PasswordRules.MaxRemembered),
            HardExpiry: request.OptionalBool("HardExpiry") ?? false);
        return null;
    }

    private XElement GetAccountPasswordPolicy(IamRequest request)
    {
        var policy = account.PasswordPolicy ?? throw NoPolicy();
        return Result(E("PasswordPolicy",
            E("MinimumPasswordLength", policy.MinimumPasswordLength),
            E("RequireSymbols", Bool(policy.RequireSymbols)),
            E("RequireNumbers", Bool(policy.RequireNumbers)),
            E("RequireUppercaseCharacters", Bool(policy.RequireUppercaseCharacters)),
            E("RequireLowercaseCharacters", Bool(policy.RequireLowercaseCharacters)),
            E("AllowUsersToChangePassword", Bool(policy.AllowUsersToChangePassword)),
            E("ExpirePasswords", Bool(policy.MaxPasswordAge is not null)),
            policy.MaxPasswordAge is { } age ? E("MaxPasswordAge", age) : null,
            policy.PasswordReusePrevention is { } reuse ? E("PasswordReusePrevention", reuse) : null,
            E("HardExpiry", Bool(policy.HardExpiry))));
    }

    private XElement? DeleteAccountPasswordPolicy(IamRequest request)
    {
        _ = account.PasswordPolicy ?? throw NoPolicy();
        account.PasswordPolicy = null;
        return null;
    }

    private static int? InRange(IamRequest request, string name, int minimum, int maximum)
    {
        var value = request.OptionalInt(name);
        if (value < minimum)
        {
            throw Outside(name, value.Value, $"Member must have value greater than or equal to {minimum}");
        }

        if (value > maximum)
        {
            throw Outside(name, value.Value, $"Member must have value less than or equal to {maximum}");
        }

        return value;
    }

    private static IamErrorException Outside(string name, int value, string constraint) =>
        IamError.Validation(IamRequest.FieldName(name), value.ToString(System.Globalization.CultureInfo.InvariantCulture), constraint).ToException();

    private IamErrorException NoPolicy() =>
        IamError.NoSuchEntity($"The Password Policy with domain name {account.AccountId} cannot be found.").ToException();
}
