using System.Collections.Immutable;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using IamOperator.Iam.Emulator.Documents;
using IamOperator.Iam.Emulator.Protocol;
using IamOperator.Iam.Emulator.State;
using static IamOperator.Iam.Emulator.Protocol.IamXml;

namespace IamOperator.Iam.Emulator.Actions;

/// <summary>
/// A user's credentials: access keys (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccessKey.html),
/// the console login profile and MFA devices (hardware serials, or virtual devices from <see cref="VirtualMfaActions"/>).
/// Keys created here sign requests to the emulator at once.
/// </summary>
internal sealed partial class CredentialActions(IamAccount account)
{
    public void Register(ActionTable table)
    {
        table.Write("CreateAccessKey", CreateAccessKey);
        table.Read("ListAccessKeys", ListAccessKeys);
        table.Write("UpdateAccessKey", UpdateAccessKey);
        table.Write("DeleteAccessKey", DeleteAccessKey);
        table.Write("CreateLoginProfile", CreateLoginProfile);
        table.Read("GetAccessKeyLastUsed", GetAccessKeyLastUsed);
        table.Read("GetLoginProfile", GetLoginProfile);
        table.Write("UpdateLoginProfile", UpdateLoginProfile);
        table.Write("DeleteLoginProfile", DeleteLoginProfile);
        table.Write("EnableMFADevice", EnableMfaDevice);
        table.Read("ListMFADevices", ListMfaDevices);
        table.Write("DeactivateMFADevice", DeactivateMfaDevice);
    }

    private XElement CreateAccessKey(IamRequest request)
    {
        var user = account.UserOrCaller(request, forWrite: true);
        if (user.AccessKeys.Count >= account.Quotas.AccessKeysPerUser)
        {
            throw IamError.LimitExceeded($"Cannot exceed quota for AccessKeysPerUser: {account.Quotas.AccessKeysPerUser}").ToException();
        }

        var key = new AccessKeyEntry(IamAccount.NewAccessKeyId(), IamAccount.NewSecretAccessKey(), account.Now);
        user.AccessKeys.Add(key);
        return Result(E("AccessKey",
            E("UserName", user.Name), E("AccessKeyId", key.AccessKeyId), E("Status", key.Status),
            E("SecretAccessKey", key.SecretAccessKey), E("CreateDate", Date(key.CreateDate))));
    }

    private XElement ListAccessKeys(IamRequest request)
    {
        var user = account.UserOrCaller(request, forWrite: false);
        var page = Pagination.Of(request, user.AccessKeys, key => key.AccessKeyId);
        return Result(page.Members("AccessKeyMetadata", key => Shapes.AccessKeyMetadata(user, key)), page.Footer());
    }

    private XElement? UpdateAccessKey(IamRequest request)
    {
        var user = account.UserOrCaller(request, forWrite: true);
        var key = Key(user, request);
        var status = request.Required("Status");
        key.Status = status is "Active" or "Inactive"
            ? status
            : throw IamError.Validation("status", status, "Member must satisfy enum value set: [Active, Inactive]").ToException();
        return null;
    }

    private XElement? DeleteAccessKey(IamRequest request)
    {
        var user = account.UserOrCaller(request, forWrite: true);
        user.AccessKeys.Remove(Key(user, request));
        return null;
    }

    /// <summary>
    /// The key's last use (https://docs.aws.amazon.com/IAM/latest/APIReference/API_AccessKeyLastUsed.html):
    /// ServiceName and Region are N/A and LastUsedDate is absent until the key signs a request.
    /// </summary>
    private XElement GetAccessKeyLastUsed(IamRequest request)
    {
        var id = request.Required("AccessKeyId");
        NameRules.Length("AccessKeyId", id, 16, 128);
        var (user, key) = account.KeyOwner(id) ?? throw IamError.NoSuchEntity($"The Access Key with id {id} cannot be found.").ToException();
        return Result(
            E("UserName", user.Name),
            E("AccessKeyLastUsed",
                key.LastUsed is { } used ? E("LastUsedDate", Date(used.Date)) : null,
                E("ServiceName", key.LastUsed?.ServiceName ?? "N/A"),
                E("Region", key.LastUsed?.Region ?? "N/A")));
    }

    /// <summary>The password must satisfy the account password policy (<see cref="PasswordRules"/>); only its hash is kept.</summary>
    private XElement CreateLoginProfile(IamRequest request)
    {
        var user = account.RequireUser(NameRules.Name(request, "UserName", NameRules.UserNameLength));
        var password = Password(request.Required("Password"));
        if (user.LoginProfile is not null)
        {
            throw IamError.EntityAlreadyExists($"Login Profile for user {user.Name} already exists.").ToException();
        }

        var resetRequired = request.OptionalBool("PasswordResetRequired") ?? false;
        Conform(password, []);
        user.LoginProfile = new LoginProfileEntry(account.Now, resetRequired, account.Now, [PasswordRules.Hash(password)]);
        return Result(LoginProfile(user, user.LoginProfile));
    }

    /// <summary>
    /// A new password (checked against the policy, including reuse prevention) and/or a new PasswordResetRequired;
    /// what is not sent stays (https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateLoginProfile.html).
    /// </summary>
    private XElement? UpdateLoginProfile(IamRequest request)
    {
        var user = account.RequireUser(NameRules.Name(request, "UserName", NameRules.UserNameLength));
        var password = request.Optional("Password") is { } sent ? Password(sent) : null;
        var resetRequired = request.OptionalBool("PasswordResetRequired");
        var profile = user.LoginProfile ?? throw NoLoginProfile(user);
        if (password is not null)
        {
            Conform(password, profile.PasswordHashes);
            profile = profile with
            {
                PasswordLastChanged = account.Now,
                PasswordHashes = profile.PasswordHashes.Insert(0, PasswordRules.Hash(password)).Take(PasswordRules.MaxRemembered).ToImmutableList(),
            };
        }

        user.LoginProfile = profile with { PasswordResetRequired = resetRequired ?? profile.PasswordResetRequired };
        return null;
    }

    private XElement GetLoginProfile(IamRequest request)
    {
        var user = account.ReadUser(NameRules.Name(request, "UserName", NameRules.UserNameLength));
        return Result(LoginProfile(user, user.LoginProfile ?? throw NoLoginProfile(user)));
    }

    private XElement? DeleteLoginProfile(IamRequest request)
    {
        var user = account.RequireUser(NameRules.Name(request, "UserName", NameRules.UserNameLength));
        _ = user.LoginProfile ?? throw NoLoginProfile(user);
        user.LoginProfile = null;
        return null;
    }

    /// <summary>Serial number [\w+=/:,.@-]+ of 9–256 characters; two consecutive six-digit codes.</summary>
    private XElement? EnableMfaDevice(IamRequest request)
    {
        var user = account.RequireUser(NameRules.Name(request, "UserName", NameRules.UserNameLength));
        var serial = NameRules.SerialNumber(request);
        foreach (var parameter in new[] { "AuthenticationCode1", "AuthenticationCode2" })
        {
            var code = request.Required(parameter);
            if (!SixDigits().IsMatch(code))
            {
                throw IamError.Validation(IamRequest.FieldName(parameter), code, @"Member must satisfy regular expression pattern: [\d]+").ToException();
            }
        }

        // A virtual device's serial is its ARN: it must have been created (CreateVirtualMFADevice) in this account.
        if (VirtualMfaActions.IsVirtualSerial(serial) && !account.VirtualMfaDevices.ContainsKey(serial))
        {
            throw VirtualMfaActions.NoSuchDevice(serial);
        }

        if (account.Assignment(serial) is not null)
        {
            throw IamError.EntityAlreadyExists($"MFA device with serial number {serial} is already in use.").ToException();
        }

        user.MfaDevices.Add(new MfaDeviceEntry(serial, account.Now));
        return null;
    }

    private XElement ListMfaDevices(IamRequest request)
    {
        var user = account.UserOrCaller(request, forWrite: false);
        var page = Pagination.Of(request, user.MfaDevices, device => device.SerialNumber);
        return Result(page.Members("MFADevices", device => new object[] { E("UserName", user.Name), E("SerialNumber", device.SerialNumber), E("EnableDate", Date(device.EnableDate)) }), page.Footer());
    }

    private XElement? DeactivateMfaDevice(IamRequest request)
    {
        var user = account.RequireUser(NameRules.Name(request, "UserName", NameRules.UserNameLength));
        var serial = NameRules.SerialNumber(request);
        var device = user.MfaDevices.Find(device => device.SerialNumber == serial)
            ?? throw IamError.NoSuchEntity($"MFA Device with serial number {serial} does not exist.").ToException();
        user.MfaDevices.Remove(device);
        return null;
    }

    /// <summary>
    /// Password: 1–128 characters of [\u0009\u000A\u000D\u0020-\u00FF] (CreateLoginProfile, Password). The error never
    /// quotes the value, as AWS leaves sensitive values out of validation messages.
    /// </summary>
    private static string Password(string password)
    {
        var constraint = password.Length switch
        {
            > 128 => "Member must have length less than or equal to 128",
            _ when !PasswordCharacters().IsMatch(password) => @"Member must satisfy regular expression pattern: [\u0009\u000A\u000D\u0020-\u00FF]+",
            _ => null,
        };
        return constraint is null
            ? password
            : throw new IamError("ValidationError", $"1 validation error detected: Value at 'password' failed to satisfy constraint: {constraint}", 400).ToException();
    }

    private void Conform(string password, IEnumerable<string> earlierHashes)
    {
        if (PasswordRules.Problems(account.PasswordPolicy, password, earlierHashes) is { Count: > 0 } problems)
        {
            throw new IamError("PasswordPolicyViolation", "Password does not conform to the account password policy: " + string.Join("; ", problems) + ".", 400).ToException();
        }
    }

    private static AccessKeyEntry Key(UserEntity user, IamRequest request)
    {
        var id = request.Required("AccessKeyId");
        NameRules.Length("AccessKeyId", id, 16, 128);
        return Credentials.Find(user.AccessKeys, key => key.AccessKeyId, id, "Access Key");
    }

    private static XElement LoginProfile(UserEntity user, LoginProfileEntry profile) =>
        E("LoginProfile", E("UserName", user.Name), E("CreateDate", Date(profile.CreateDate)), E("PasswordResetRequired", Bool(profile.PasswordResetRequired)));

    private static IamErrorException NoLoginProfile(UserEntity user) =>
        IamError.NoSuchEntity($"Login Profile for User {user.Name} cannot be found.").ToException();

    [GeneratedRegex(@"^[\u0009\u000A\u000D\u0020-\u00FF]+$")]
    private static partial Regex PasswordCharacters();

    [GeneratedRegex(@"^\d{6}$")]
    private static partial Regex SixDigits();
}
