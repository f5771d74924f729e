using CsCheck;
using IamOperator.Iam.Emulator.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace IamOperator.Iam.Emulator.Tests;

/// <summary>
/// The account password policy (https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccountPasswordPolicy.html)
/// and the console passwords it governs (CreateLoginProfile, UpdateLoginProfile; IAM's default policy when none is set:
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html).
/// </summary>
public sealed class PasswordPolicyTests
{
    /// <summary>The symbols RequireSymbols counts (UpdateAccountPasswordPolicy, RequireSymbols).</summary>
    private const string Symbols = "!@#$%^&*()_+-=[]{}|'";

    [Fact]
    public async Task GetAccountPasswordPolicy_answers_NoSuchEntity_until_a_policy_is_set_and_after_it_is_deleted()
    {
        await using var iam = await EmulatorHarness.StartAsync();

        var before = await iam.CallAsync("GetAccountPasswordPolicy");
        await iam.OkAsync("UpdateAccountPasswordPolicy", ("MinimumPasswordLength", "12"));
        await iam.OkAsync("DeleteAccountPasswordPolicy");

        Assert.Equal("NoSuchEntity", before.ErrorCode);
        Assert.Equal("The Password Policy with domain name 123456789012 cannot be found.", before.ErrorMessage);
        Assert.Equal("NoSuchEntity", (await iam.CallAsync("GetAccountPasswordPolicy")).ErrorCode);
        Assert.Equal("NoSuchEntity", (await iam.CallAsync("DeleteAccountPasswordPolicy")).ErrorCode);
    }

    [Fact]
    public async Task UpdateAccountPasswordPolicy_sets_every_parameter_it_is_given()
    {
        await using var iam = await EmulatorHarness.StartAsync();

        await iam.OkAsync("UpdateAccountPasswordPolicy",
            ("MinimumPasswordLength", "14"), ("RequireSymbols", "true"), ("RequireNumbers", "true"), ("RequireUppercaseCharacters", "true"),
            ("RequireLowercaseCharacters", "true"), ("AllowUsersToChangePassword", "true"), ("MaxPasswordAge", "90"),
            ("PasswordReusePrevention", "24"), ("HardExpiry", "true"));
        var policy = await iam.OkAsync("GetAccountPasswordPolicy");

        Assert.Equal("14", policy.Value("PasswordPolicy/MinimumPasswordLength"));
        foreach (var flag in new[] { "RequireSymbols", "RequireNumbers", "RequireUppercaseCharacters", "RequireLowercaseCharacters", "AllowUsersToChangePassword", "ExpirePasswords", "HardExpiry" })
        {
            Assert.Equal("true", policy.Value($"PasswordPolicy/{flag}"));
        }

        Assert.Equal("90", policy.Value("PasswordPolicy/MaxPasswordAge"));
        Assert.Equal("24", policy.Value("PasswordPolicy/PasswordReusePrevention"));
    }

    [Fact]
    public async Task UpdateAccountPasswordPolicy_is_not_a_partial_update_omitted_parameters_revert_to_their_defaults()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("UpdateAccountPasswordPolicy", ("MinimumPasswordLength", "20"), ("RequireSymbols", "true"), ("MaxPasswordAge", "30"), ("PasswordReusePrevention", "5"));

        await iam.OkAsync("UpdateAccountPasswordPolicy", ("RequireNumbers", "true"));
        var policy = await iam.OkAsync("GetAccountPasswordPolicy");

        Assert.Equal("6", policy.Value("PasswordPolicy/MinimumPasswordLength"));
        Assert.Equal("false", policy.Value("PasswordPolicy/RequireSymbols"));
        Assert.Equal("true", policy.Value("PasswordPolicy/RequireNumbers"));
        Assert.Equal("false", policy.Value("PasswordPolicy/ExpirePasswords"));
        Assert.Empty(policy.All("PasswordPolicy/MaxPasswordAge"));
        Assert.Empty(policy.All("PasswordPolicy/PasswordReusePrevention"));
        Assert.Equal("false", policy.Value("PasswordPolicy/HardExpiry"));
    }

    [Theory]
    [InlineData("MinimumPasswordLength", "5", "minimumPasswordLength", "greater than or equal to 6")]
    [InlineData("MinimumPasswordLength", "129", "minimumPasswordLength", "less than or equal to 128")]
    [InlineData("MaxPasswordAge", "0", "maxPasswordAge", "greater than or equal to 1")]
    [InlineData("MaxPasswordAge", "1096", "maxPasswordAge", "less than or equal to 1095")]
    [InlineData("PasswordReusePrevention", "0", "passwordReusePrevention", "greater than or equal to 1")]
    [InlineData("PasswordReusePrevention", "25", "passwordReusePrevention", "less than or equal to 24")]
    public async Task Password_policy_values_outside_their_documented_range_answer_ValidationError(string parameter, string value, string field, string constraint)
    {
        await using var iam = await EmulatorHarness.StartAsync();

        var response = await iam.CallAsync("UpdateAccountPasswordPolicy", (parameter, value));

        Assert.Equal("ValidationError", response.ErrorCode);
        Assert.Contains($"'{field}'", response.ErrorMessage);
        Assert.Contains(constraint, response.ErrorMessage);
        Assert.Equal("NoSuchEntity", (await iam.CallAsync("GetAccountPasswordPolicy")).ErrorCode);
    }

    [Theory]
    [InlineData("Sh0rt!", "minimum length of 8")]
    [InlineData("alllowercase", "at least three of")]
    [InlineData("lowercase-only-and-symbols", "at least three of")]
    public async Task Without_a_policy_passwords_must_meet_IAMs_default_policy(string password, string problem)
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "alice"));

        var response = await iam.CallAsync("CreateLoginProfile", ("UserName", "alice"), ("Password", password));

        Assert.Equal(400, response.Status);
        Assert.Equal("PasswordPolicyViolation", response.ErrorCode);
        Assert.Contains(problem, response.ErrorMessage);
        Assert.DoesNotContain(password, response.ErrorMessage);
        Assert.Equal("NoSuchEntity", (await iam.CallAsync("GetLoginProfile", ("UserName", "alice"))).ErrorCode);
    }

    [Fact]
    public async Task Three_of_four_character_classes_and_eight_characters_meet_the_default_policy()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "alice"));

        await iam.OkAsync("CreateLoginProfile", ("UserName", "alice"), ("Password", "abcDEF12"));
    }

    [Theory]
    [InlineData("RequireUppercaseCharacters", "lower-case-only-1", "at least one uppercase letter")]
    [InlineData("RequireLowercaseCharacters", "UPPER-CASE-ONLY-1", "at least one lowercase letter")]
    [InlineData("RequireNumbers", "No-Numbers-Here", "at least one number")]
    [InlineData("RequireSymbols", "NoSymbolsHere1", "at least one symbol")]
    public async Task Each_required_character_class_is_enforced_with_its_own_message(string requirement, string password, string problem)
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "alice"));
        await iam.OkAsync("UpdateAccountPasswordPolicy", (requirement, "true"));

        var response = await iam.CallAsync("CreateLoginProfile", ("UserName", "alice"), ("Password", password));

        Assert.Equal("PasswordPolicyViolation", response.ErrorCode);
        Assert.Contains(problem, response.ErrorMessage);
    }

    [Fact]
    public async Task A_policy_replaces_the_default_rules_so_a_long_single_class_password_is_accepted()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "alice"));
        await iam.OkAsync("UpdateAccountPasswordPolicy", ("MinimumPasswordLength", "16"));

        var tooShort = await iam.CallAsync("CreateLoginProfile", ("UserName", "alice"), ("Password", "fifteen-letters"));
        await iam.OkAsync("CreateLoginProfile", ("UserName", "alice"), ("Password", "sixteen-letters!"));

        Assert.Contains("minimum length of 16", tooShort.ErrorMessage);
    }

    [Fact]
    public async Task Passwords_generated_from_the_required_classes_at_the_minimum_length_always_conform()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("UpdateAccountPasswordPolicy", ("MinimumPasswordLength", "10"), ("RequireSymbols", "true"), ("RequireNumbers", "true"), ("RequireUppercaseCharacters", "true"), ("RequireLowercaseCharacters", "true"));
        var conforming =
            from upper in Gen.Char['A', 'Z']
            from lower in Gen.Char['a', 'z']
            from digit in Gen.Char['0', '9']
            from symbol in Gen.Int[0, Symbols.Length - 1].Select(index => Symbols[index])
            from rest in Gen.String[Gen.Char.AlphaNumeric, 6, 40]
            select $"{rest}{upper}{symbol}{lower}{digit}";

        await conforming.SampleAsync(async password =>
        {
            // Samples run concurrently: each gets its own user.
            var userName = "user-" + Guid.NewGuid().ToString("N");
            (await iam.CallAsync("CreateUser", ("UserName", userName))).EnsureSuccess();
            (await iam.CallAsync("CreateLoginProfile", ("UserName", userName), ("Password", password))).EnsureSuccess();
        }, iter: 20);
    }

    [Fact]
    public async Task Password_too_long_answers_ValidationError_without_quoting_the_password()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "alice"));
        var password = "Aa1!" + new string('x', 125);

        var response = await iam.CallAsync("CreateLoginProfile", ("UserName", "alice"), ("Password", password));

        Assert.Equal("ValidationError", response.ErrorCode);
        Assert.Contains("less than or equal to 128", response.ErrorMessage);
        Assert.DoesNotContain(password, response.RawBody);
    }

    [Fact]
    public async Task UpdateLoginProfile_checks_the_new_password_and_keeps_what_it_is_not_sent()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using var iam = await EmulatorHarness.StartAsync(new IamEmulatorOptions { TimeProvider = clock }, () => clock.GetUtcNow().UtcDateTime);
        await iam.OkAsync("CreateUser", ("UserName", "alice"));
        await iam.OkAsync("CreateLoginProfile", ("UserName", "alice"), ("Password", "First-Passw0rd"), ("PasswordResetRequired", "true"));
        await iam.OkAsync("UpdateAccountPasswordPolicy", ("MinimumPasswordLength", "20"));

        var weak = await iam.CallAsync("UpdateLoginProfile", ("UserName", "alice"), ("Password", "Second-Passw0rd"));
        await iam.OkAsync("UpdateLoginProfile", ("UserName", "alice"), ("Password", "A-much-longer-second-passw0rd"));
        var afterPassword = await iam.OkAsync("GetLoginProfile", ("UserName", "alice"));
        await iam.OkAsync("UpdateLoginProfile", ("UserName", "alice"), ("PasswordResetRequired", "false"));
        var afterReset = await iam.OkAsync("GetLoginProfile", ("UserName", "alice"));

        Assert.Equal("PasswordPolicyViolation", weak.ErrorCode);
        Assert.Equal("true", afterPassword.Value("LoginProfile/PasswordResetRequired"));
        Assert.Equal("false", afterReset.Value("LoginProfile/PasswordResetRequired"));
        Assert.Equal("NoSuchEntity", (await iam.CallAsync("UpdateLoginProfile", ("UserName", "nobody"), ("PasswordResetRequired", "true"))).ErrorCode);
    }

    [Fact]
    public async Task UpdateLoginProfile_for_a_user_without_a_login_profile_answers_NoSuchEntity()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "alice"));

        var response = await iam.CallAsync("UpdateLoginProfile", ("UserName", "alice"), ("Password", "Valid-Passw0rd"));

        Assert.Equal("NoSuchEntity", response.ErrorCode);
        Assert.Equal("Login Profile for User alice cannot be found.", response.ErrorMessage);
    }

    [Fact]
    public async Task Reuse_prevention_refuses_any_of_the_last_N_passwords_but_not_older_ones()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "alice"));
        await iam.OkAsync("UpdateAccountPasswordPolicy", ("PasswordReusePrevention", "2"));
        await iam.OkAsync("CreateLoginProfile", ("UserName", "alice"), ("Password", "password-one"));
        await iam.OkAsync("UpdateLoginProfile", ("UserName", "alice"), ("Password", "password-two"));

        var current = await iam.CallAsync("UpdateLoginProfile", ("UserName", "alice"), ("Password", "password-two"));
        var previous = await iam.CallAsync("UpdateLoginProfile", ("UserName", "alice"), ("Password", "password-one"));
        await iam.OkAsync("UpdateLoginProfile", ("UserName", "alice"), ("Password", "password-three"));
        await iam.OkAsync("UpdateLoginProfile", ("UserName", "alice"), ("Password", "password-one"));

        Assert.Equal("PasswordPolicyViolation", current.ErrorCode);
        Assert.Contains("last 2 passwords", current.ErrorMessage);
        Assert.Equal("PasswordPolicyViolation", previous.ErrorCode);
    }
}
