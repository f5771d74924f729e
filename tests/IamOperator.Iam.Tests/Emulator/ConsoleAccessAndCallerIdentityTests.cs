namespace IamOperator.Iam.Tests.Emulator;

/// <summary>
/// The calls behind console access and access-key verification, against the emulator: login profiles checked
/// against the account password policy, the policy read, and sts:GetCallerIdentity with the client's own or given keys.
/// </summary>
public sealed class ConsoleAccessAndCallerIdentityTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly IamQueryClient iam = emulator.Client();
    private static CancellationToken Ct => CancellationToken.None;

    public void Dispose() => iam.Dispose();

    [Fact]
    public async Task CreateLoginProfile_sets_the_reset_flag_and_IAM_refuses_a_password_that_breaks_the_policy_with_PasswordPolicyViolation()
    {
        await iam.CreateUserAsync(new CreateUserRequest("console-ann"), Ct);

        var refused = await Assert.ThrowsAsync<IamApiException>(() => iam.CreateLoginProfileAsync("console-ann", "short", true, Ct));
        var created = await iam.CreateLoginProfileAsync("console-ann", "Plenty-Long-Pass-42", passwordResetRequired: true, Ct);

        Assert.Equal(IamErrorCode.PasswordPolicyViolation, refused.ErrorCode);
        Assert.Equal(("console-ann", true), (created.UserName, created.PasswordResetRequired));
        Assert.True((await iam.GetLoginProfileAsync("console-ann", Ct))!.PasswordResetRequired);
    }

    [Fact]
    public async Task UpdateLoginProfile_changes_the_password_and_the_reset_flag_and_keeps_what_is_not_sent()
    {
        await iam.CreateUserAsync(new CreateUserRequest("console-ben"), Ct);
        await iam.CreateLoginProfileAsync("console-ben", "First-Password-1", passwordResetRequired: false, Ct);

        await iam.UpdateLoginProfileAsync("console-ben", null, passwordResetRequired: true, Ct);
        Assert.True((await iam.GetLoginProfileAsync("console-ben", Ct))!.PasswordResetRequired);
        await iam.UpdateLoginProfileAsync("console-ben", "Second-Password-2", null, Ct);
        Assert.True((await iam.GetLoginProfileAsync("console-ben", Ct))!.PasswordResetRequired);

        var tooShort = await Assert.ThrowsAsync<IamApiException>(() => iam.UpdateLoginProfileAsync("console-ben", "x1", null, Ct));
        Assert.Equal(IamErrorCode.PasswordPolicyViolation, tooShort.ErrorCode);
    }

    [Fact]
    public async Task GetAccountPasswordPolicy_is_null_while_the_account_has_none_and_reads_every_field_of_one()
    {
        var fresh = new EmulatorFixture();
        await fresh.InitializeAsync();
        try
        {
            using var iam = fresh.Client();
            Assert.Null(await iam.GetAccountPasswordPolicyAsync(Ct));

            await iam.SendAsync(new IamQueryParameters("UpdateAccountPasswordPolicy").Add("MinimumPasswordLength", 20).Add("RequireSymbols", true)
                .Add("RequireNumbers", true).Add("RequireUppercaseCharacters", true).Add("RequireLowercaseCharacters", false)
                .Add("AllowUsersToChangePassword", true).Add("MaxPasswordAge", 90).Add("PasswordReusePrevention", 5).Add("HardExpiry", false), Ct);

            Assert.Equal(new AccountPasswordPolicyInfo(20, RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true,
                RequireLowercaseCharacters: false, AllowUsersToChangePassword: true, ExpirePasswords: true, MaxPasswordAge: 90,
                PasswordReusePrevention: 5, HardExpiry: false), await iam.GetAccountPasswordPolicyAsync(Ct));
        }
        finally
        {
            await fresh.DisposeAsync();
        }
    }

    [Fact]
    public async Task GetCallerIdentity_with_a_new_access_key_answers_its_user_and_without_credentials_the_clients_own_identity()
    {
        var user = await iam.CreateUserAsync(new CreateUserRequest("ci-bot", "/ci/"), Ct);
        var key = await iam.CreateAccessKeyAsync("ci-bot", Ct);

        var asKey = await iam.GetCallerIdentityAsync(new StaticIamCredentials(key.AccessKeyId, key.SecretAccessKey), Ct);
        var asClient = await iam.GetCallerIdentityAsync(null, Ct);

        Assert.Equal(new IamCallerIdentity("123456789012", user.Arn, user.UserId), asKey);
        Assert.Equal("arn:aws:iam::123456789012:root", asClient.Arn);
    }

    [Fact]
    public async Task GetCallerIdentity_with_a_deleted_key_fails_as_an_authentication_failure_without_the_secret_in_the_message()
    {
        await iam.CreateUserAsync(new CreateUserRequest("gone-bot"), Ct);
        var key = await iam.CreateAccessKeyAsync("gone-bot", Ct);
        await iam.DeleteAccessKeyAsync("gone-bot", key.AccessKeyId, Ct);

        var failure = await Assert.ThrowsAsync<IamApiException>(() =>
            iam.GetCallerIdentityAsync(new StaticIamCredentials(key.AccessKeyId, key.SecretAccessKey), Ct));

        Assert.Equal((IamErrorCode.AuthFailure, "InvalidClientTokenId"), (failure.ErrorCode, failure.Code));
        Assert.DoesNotContain(key.SecretAccessKey, failure.ToString());
    }
}
