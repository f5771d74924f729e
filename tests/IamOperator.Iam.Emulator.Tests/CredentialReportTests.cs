using System.Text;
using IamOperator.Iam.Emulator.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace IamOperator.Iam.Emulator.Tests;

/// <summary>
/// The credential report (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GenerateCredentialReport.html,
/// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetCredentialReport.html,
/// columns: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html).
/// </summary>
public sealed class CredentialReportTests
{
    private const string Header =
        "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,"
        + "access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
        + "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,"
        + "cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task GetCredentialReport_before_any_generation_answers_ReportNotPresent_410()
    {
        await using var iam = await EmulatorHarness.StartAsync();

        var response = await iam.CallAsync("GetCredentialReport");

        Assert.Equal(410, response.Status);
        Assert.Equal("ReportNotPresent", response.ErrorCode);
    }

    [Fact]
    public async Task GenerateCredentialReport_answers_STARTED_then_COMPLETE_while_the_report_is_younger_than_4_hours()
    {
        var clock = new FakeTimeProvider(Start);
        await using var iam = await StartAsync(clock);

        var first = await iam.OkAsync("GenerateCredentialReport");
        clock.Advance(TimeSpan.FromHours(4) - TimeSpan.FromSeconds(1));
        var second = await iam.OkAsync("GenerateCredentialReport");
        var report = await iam.OkAsync("GetCredentialReport");

        Assert.Equal("STARTED", first.Value("State"));
        Assert.Equal("COMPLETE", second.Value("State"));
        Assert.Equal("2026-03-01T09:00:00Z", report.Value("GeneratedTime"));
    }

    [Fact]
    public async Task Report_4_hours_old_has_expired_and_the_next_generation_starts_a_new_one()
    {
        var clock = new FakeTimeProvider(Start);
        await using var iam = await StartAsync(clock);
        await iam.OkAsync("GenerateCredentialReport");

        clock.Advance(TimeSpan.FromHours(4));
        var expired = await iam.CallAsync("GetCredentialReport");
        var regenerated = await iam.OkAsync("GenerateCredentialReport");
        var report = await iam.OkAsync("GetCredentialReport");

        Assert.Equal(410, expired.Status);
        Assert.Equal("ReportExpired", expired.ErrorCode);
        Assert.Equal("STARTED", regenerated.Value("State"));
        Assert.Equal("2026-03-01T13:00:00Z", report.Value("GeneratedTime"));
    }

    [Fact]
    public async Task Report_still_generating_answers_ReportInProgress_and_INPROGRESS()
    {
        var clock = new FakeTimeProvider(Start);
        await using var iam = await StartAsync(clock, new IamEmulatorOptions { TimeProvider = clock, CredentialReportGenerationTime = TimeSpan.FromSeconds(30) });
        await iam.OkAsync("GenerateCredentialReport");

        var generating = await iam.CallAsync("GetCredentialReport");
        var state = await iam.OkAsync("GenerateCredentialReport");
        clock.Advance(TimeSpan.FromSeconds(30));
        var ready = await iam.CallAsync("GetCredentialReport");

        Assert.Equal(404, generating.Status);
        Assert.Equal("ReportInProgress", generating.ErrorCode);
        Assert.Equal("INPROGRESS", state.Value("State"));
        Assert.True(ready.IsSuccess);
    }

    [Fact]
    public async Task Report_is_base64_CSV_with_IAMs_columns_and_a_row_per_user()
    {
        var clock = new FakeTimeProvider(Start);
        await using var iam = await StartAsync(clock);
        await iam.OkAsync("CreateUser", ("UserName", "bob"));
        await iam.OkAsync("CreateUser", ("UserName", "alice"));
        await iam.OkAsync("GenerateCredentialReport");

        var report = await iam.OkAsync("GetCredentialReport");
        var lines = Lines(report);

        Assert.Equal("text/csv", report.Value("ReportFormat"));
        Assert.Equal(Header, lines[0]);
        Assert.Equal(
            "alice,arn:aws:iam::123456789012:user/alice,2026-03-01T09:00:00+00:00,false,N/A,N/A,N/A,false,"
            + "false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A",
            lines[1]);
        Assert.StartsWith("bob,", lines[2]);
        Assert.Equal(3, lines.Count);
    }

    [Fact]
    public async Task Report_shows_password_key_use_rotation_and_MFA_facts_as_of_its_generation()
    {
        var clock = new FakeTimeProvider(Start);
        await using var iam = await StartAsync(clock);
        await iam.OkAsync("UpdateAccountPasswordPolicy", ("MaxPasswordAge", "90"));
        await iam.OkAsync("CreateUser", ("UserName", "alice"));
        await iam.OkAsync("CreateLoginProfile", ("UserName", "alice"), ("Password", "Valid-Passw0rd"));
        await iam.OkAsync("CreateVirtualMFADevice", ("VirtualMFADeviceName", "alice"));
        await iam.OkAsync("EnableMFADevice", ("UserName", "alice"), ("SerialNumber", "arn:aws:iam::123456789012:mfa/alice"), ("AuthenticationCode1", "123456"), ("AuthenticationCode2", "654321"));
        var created = await iam.OkAsync("CreateAccessKey", ("UserName", "alice"));
        var key = new EmulatorCredential(created.Value("AccessKey/AccessKeyId")!, created.Value("AccessKey/SecretAccessKey")!);
        clock.Advance(TimeSpan.FromDays(1));
        var second = await iam.OkAsync("CreateAccessKey", ("UserName", "alice"));
        await iam.OkAsync("UpdateAccessKey", ("UserName", "alice"), ("AccessKeyId", second.Value("AccessKey/AccessKeyId")!), ("Status", "Inactive"));
        using var alice = new SigningIamClient(iam.Server.Endpoint, key, () => clock.GetUtcNow().UtcDateTime);
        (await alice.SendAsync("Action=GetCallerIdentity&Version=2011-06-15", mutate: null, service: "sts")).EnsureSuccess();
        await iam.OkAsync("GenerateCredentialReport");
        await iam.OkAsync("DeleteLoginProfile", ("UserName", "alice"));

        var row = Lines(await iam.OkAsync("GetCredentialReport"))[1].Split(',');
        var cell = Header.Split(',').Select((column, index) => (column, index)).ToDictionary(pair => pair.column, pair => row[pair.index]);

        Assert.Equal("true", cell["password_enabled"]);
        Assert.Equal("no_information", cell["password_last_used"]);
        Assert.Equal("2026-03-01T09:00:00+00:00", cell["password_last_changed"]);
        Assert.Equal("2026-05-30T09:00:00+00:00", cell["password_next_rotation"]);
        Assert.Equal("true", cell["mfa_active"]);
        Assert.Equal("true", cell["access_key_1_active"]);
        Assert.Equal("2026-03-01T09:00:00+00:00", cell["access_key_1_last_rotated"]);
        Assert.Equal("2026-03-02T09:00:00+00:00", cell["access_key_1_last_used_date"]);
        Assert.Equal("us-east-1", cell["access_key_1_last_used_region"]);
        Assert.Equal("sts", cell["access_key_1_last_used_service"]);
        Assert.Equal("false", cell["access_key_2_active"]);
        Assert.Equal("2026-03-02T09:00:00+00:00", cell["access_key_2_last_rotated"]);
        Assert.Equal("N/A", cell["access_key_2_last_used_date"]);
    }

    private static Task<EmulatorHarness> StartAsync(FakeTimeProvider clock, IamEmulatorOptions? options = null) =>
        EmulatorHarness.StartAsync(options ?? new IamEmulatorOptions { TimeProvider = clock }, () => clock.GetUtcNow().UtcDateTime);

    private static List<string> Lines(IamResponse report) =>
        Encoding.UTF8.GetString(Convert.FromBase64String(report.Value("Content")!)).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
}
