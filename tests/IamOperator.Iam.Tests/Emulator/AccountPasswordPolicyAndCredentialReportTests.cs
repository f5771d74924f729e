using System.Text;

namespace IamOperator.Iam.Tests.Emulator;

/// <summary>
/// The account-level calls against the emulator: the password policy IamAccountPasswordPolicy writes, and the
/// credential report user hygiene reads. Each test has an account of its own: both are account-wide.
/// </summary>
public sealed class AccountPasswordPolicyAndCredentialReportTests : IAsyncLifetime
{
    private readonly EmulatorFixture emulator = new();
    private IamQueryClient iam = null!;
    private static CancellationToken Ct => CancellationToken.None;

    public async Task InitializeAsync()
    {
        await emulator.InitializeAsync();
        iam = emulator.Client();
    }

    public async Task DisposeAsync()
    {
        iam.Dispose();
        await emulator.DisposeAsync();
    }

    private static readonly AccountPasswordPolicySettings Strong = new(14, RequireSymbols: true, RequireNumbers: true,
        RequireUppercaseCharacters: true, RequireLowercaseCharacters: true, AllowUsersToChangePassword: true, MaxPasswordAge: 90,
        PasswordReusePrevention: 24, HardExpiry: false);

    [Fact]
    public async Task UpdateAccountPasswordPolicy_sends_every_setting_and_GetAccountPasswordPolicy_reads_them_back()
    {
        await iam.UpdateAccountPasswordPolicyAsync(Strong, Ct);

        var read = await iam.GetAccountPasswordPolicyAsync(Ct);
        Assert.NotNull(read);
        Assert.Equal(Strong, AccountPasswordPolicySettings.From(read));
        Assert.True(read.ExpirePasswords);
    }

    [Fact]
    public async Task A_setting_left_null_is_not_sent_so_IAM_leaves_it_unset_as_its_default()
    {
        await iam.UpdateAccountPasswordPolicyAsync(Strong, Ct);
        await iam.UpdateAccountPasswordPolicyAsync(Strong with { MaxPasswordAge = null, PasswordReusePrevention = null }, Ct);

        var read = await iam.GetAccountPasswordPolicyAsync(Ct);
        Assert.Equal((null, null, false), (read!.MaxPasswordAge, read.PasswordReusePrevention, read.ExpirePasswords));
    }

    [Fact]
    public async Task DeleteAccountPasswordPolicy_removes_the_policy_and_a_second_delete_is_NoSuchEntity()
    {
        await iam.UpdateAccountPasswordPolicyAsync(Strong, Ct);

        await iam.DeleteAccountPasswordPolicyAsync(Ct);

        Assert.Null(await iam.GetAccountPasswordPolicyAsync(Ct));
        var again = await Assert.ThrowsAsync<IamApiException>(() => iam.DeleteAccountPasswordPolicyAsync(Ct));
        Assert.Equal(IamErrorCode.NoSuchEntity, again.ErrorCode);
    }

    [Fact]
    public async Task A_length_outside_IAMs_range_is_refused_as_invalid_input()
    {
        var refused = await Assert.ThrowsAsync<IamApiException>(() => iam.UpdateAccountPasswordPolicyAsync(Strong with { MinimumPasswordLength = 5 }, Ct));
        Assert.Equal(IamErrorCode.InvalidInput, refused.ErrorCode);
    }

    [Fact]
    public async Task GetCredentialReport_before_any_generation_is_ReportNotPresent()
    {
        var missing = await Assert.ThrowsAsync<IamApiException>(() => iam.GetCredentialReportAsync(Ct));
        Assert.Equal("ReportNotPresent", missing.Code);
    }

    [Fact]
    public async Task GenerateCredentialReport_starts_a_report_that_GetCredentialReport_returns_decoded_with_a_row_per_user()
    {
        await iam.CreateUserAsync(new CreateUserRequest("report-ann"), Ct);

        var first = await iam.GenerateCredentialReportAsync(Ct);
        var second = await iam.GenerateCredentialReportAsync(Ct);
        var report = await iam.GetCredentialReportAsync(Ct);

        Assert.Equal((CredentialReportState.Started, CredentialReportState.Complete), (first, second));
        var lines = Encoding.UTF8.GetString(report.Content).TrimEnd('\n').Split('\n');
        Assert.StartsWith("user,arn,user_creation_time,password_enabled,", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("report-ann,arn:aws:iam::", Assert.Single(lines[1..]), StringComparison.Ordinal);
        Assert.Equal("text/csv", report.ReportFormat);
    }
}
