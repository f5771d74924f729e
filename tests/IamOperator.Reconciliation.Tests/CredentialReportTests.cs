using System.Text;
using CsCheck;
using IamOperator.Reconciliation.Observed;

namespace IamOperator.Reconciliation.Tests;

/// <summary>The credential report read by the column names the IAM User Guide documents, whatever else AWS adds.</summary>
public class CredentialReportTests
{
    private static readonly DateTimeOffset Generated = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private const string Header =
        "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,"
        + "access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
        + "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,"
        + "cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

    // As AWS writes it: the root user first (not_supported), TRUE/FALSE in capitals, N/A and no_information for unknowns.
    private const string Report = Header + "\n"
        + "<root_account>,arn:aws:iam::111122223333:root,2020-01-01T00:00:00+00:00,not_supported,2026-05-01T00:00:00+00:00,not_supported,not_supported,TRUE,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n"
        + "alice,arn:aws:iam::111122223333:user/alice,2025-01-01T08:00:00+00:00,TRUE,2026-05-30T09:15:00+00:00,2025-01-01T08:00:00+00:00,N/A,FALSE,TRUE,2025-11-01T00:00:00+00:00,2026-05-31T00:00:00+00:00,us-east-1,s3,FALSE,2024-01-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,false,N/A\n"
        + "bob,arn:aws:iam::111122223333:user/bob,2026-05-01T08:00:00+00:00,false,N/A,N/A,N/A,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n";

    private static CredentialReport Parse(string csv) => CredentialReport.Parse(Encoding.UTF8.GetBytes(csv), Generated);

    [Fact]
    public void Every_users_row_is_read_by_column_name_and_the_root_user_is_left_out()
    {
        var report = Parse(Report);

        Assert.Equal(2, report.Count);
        Assert.Null(report.Find("<root_account>"));
        var alice = report.Find("ALICE")!;
        Assert.Equal((true, false), (alice.PasswordEnabled, alice.MfaActive));
        Assert.Equal(new DateTimeOffset(2026, 5, 30, 9, 15, 0, TimeSpan.Zero), alice.PasswordLastUsed);
        Assert.Equal([new ReportedAccessKey(1, true, new DateTimeOffset(2025, 11, 1, 0, 0, 0, TimeSpan.Zero)),
            new ReportedAccessKey(2, false, new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero))], alice.AccessKeys);
        Assert.Equal(Generated, alice.GeneratedTime);
    }

    [Fact]
    public void N_A_and_no_information_are_unknown_facts_and_a_user_without_keys_has_none()
    {
        var bob = Parse(Report).Find("bob")!;

        Assert.Equal((false, (DateTimeOffset?)null, (DateTimeOffset?)null, true), (bob.PasswordEnabled, bob.PasswordLastUsed, bob.PasswordLastChanged, bob.MfaActive));
        Assert.Empty(bob.AccessKeys);
    }

    [Fact]
    public void A_missing_column_leaves_its_fact_unknown_and_a_report_without_a_user_column_is_a_format_error()
    {
        var report = Parse("user,arn,password_enabled\ncarol,arn:aws:iam::111122223333:user/carol,true\n");

        var carol = report.Find("carol")!;
        Assert.Equal((true, (bool?)null), (carol.PasswordEnabled, carol.MfaActive));
        Assert.Empty(carol.AccessKeys);
        Assert.Throws<FormatException>(() => Parse("name,arn\ncarol,arn\n"));
    }

    [Fact]
    public void A_quoted_user_name_with_a_comma_is_one_name()
    {
        var report = Parse("user,mfa_active\n\"dev,ops@example.com\",true\n");

        Assert.True(report.Find("dev,ops@example.com")!.MfaActive);
    }

    [Fact]
    public void Unknown_columns_anywhere_never_change_what_is_read()
    {
        var expected = Parse(Report).Find("alice")!;
        var rows = Report.TrimEnd('\n').Split('\n').Select(line => line.Split(',')).ToArray();
        Gen.Select(Gen.Int[0, rows[0].Length], Gen.String[Gen.Char['a', 'z'], 1, 12], Gen.String[Gen.Char[' ', '~'].Where(c => c is not (',' or '"')), 0, 20])
            .Sample((at, name, value) =>
            {
                // A column AWS might add later, wherever it lands.
                var csv = string.Join('\n', rows.Select((row, i) => string.Join(',', row.Take(at).Append(i == 0 ? "future_" + name : value).Concat(row.Skip(at))))) + "\n";
                var alice = Parse(csv).Find("alice")!;
                return alice.PasswordLastUsed == expected.PasswordLastUsed && alice.MfaActive == expected.MfaActive
                    && alice.AccessKeys.SequenceEqual(expected.AccessKeys) && alice.PasswordEnabled == expected.PasswordEnabled;
            });
    }
}

/// <summary>The reader against an emulator whose report takes a while: GetCredentialReport is asked again on the clock until it is ready.</summary>
public class CredentialReportReaderTests
{
    [Fact]
    public async Task A_report_still_in_progress_is_asked_for_again_every_poll_interval_until_IAM_has_it()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await Iam.Emulator.IamEmulatorServer.StartAsync(new Iam.Emulator.IamEmulatorOptions
        {
            TimeProvider = time, CredentialReportGenerationTime = TimeSpan.FromSeconds(5),
        }, 0);
        var credential = Iam.Emulator.EmulatorCredential.DocumentationExample;
        using var client = new Iam.IamQueryClient(new Iam.IamClientOptions
        {
            Endpoint = server.Endpoint, Credentials = new Iam.StaticIamCredentials(credential.AccessKeyId, credential.SecretAccessKey),
            RequestsPerSecond = 1000, Burst = 1000,
        }, new SocketsHttpHandler(), new Iam.IamRateLimiter(1000, 1000));
        await client.CreateUserAsync(new Iam.CreateUserRequest("ann"), default);

        var start = time.GetUtcNow();
        var reading = CredentialReportReader.ReadAsync(client, time, default);
        // The reader waits on the clock between polls: move it until the answer comes (an advance made before the
        // reader started waiting is made up by the next one).
        while (!reading.IsCompleted)
        {
            if (server.Statistics.CallsOf("GetCredentialReport") > 0) time.Advance(CredentialReportReader.PollInterval);
            await Task.WhenAny(reading, Task.Delay(TimeSpan.FromMilliseconds(20)));
        }
        var (report, unread) = await reading;

        Assert.Null(unread);
        Assert.NotNull(report!.Find("ann"));
        Assert.Equal(1, server.Statistics.CallsOf("GenerateCredentialReport"));
        // Refused while in progress at least once, then read once ready.
        Assert.True(server.Statistics.CallsOf("GetCredentialReport") >= 2, $"{server.Statistics.CallsOf("GetCredentialReport")} GetCredentialReport");
        Assert.True(time.GetUtcNow() - start >= TimeSpan.FromSeconds(5));
    }
}
