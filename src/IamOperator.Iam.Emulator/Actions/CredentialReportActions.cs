using System.Globalization;
using System.Text;
using System.Xml.Linq;
using IamOperator.Iam.Emulator.Protocol;
using IamOperator.Iam.Emulator.State;
using static IamOperator.Iam.Emulator.Protocol.IamXml;

namespace IamOperator.Iam.Emulator.Actions;

/// <summary>
/// The credential report (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GenerateCredentialReport.html,
/// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetCredentialReport.html): a CSV of every user's
/// credentials as of its generation. IAM regenerates it only when the last one is at least four hours old
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html).
/// </summary>
internal sealed class CredentialReportActions(IamAccount account)
{
    /// <summary>A report younger than this is returned again instead of being regenerated; older, it has expired.</summary>
    public static readonly TimeSpan ReportLifetime = TimeSpan.FromHours(4);

    /// <summary>The report's columns in IAM's order (IAM User Guide, "Understanding the report format").</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "user", "arn", "user_creation_time", "password_enabled", "password_last_used", "password_last_changed", "password_next_rotation", "mfa_active",
        "access_key_1_active", "access_key_1_last_rotated", "access_key_1_last_used_date", "access_key_1_last_used_region", "access_key_1_last_used_service",
        "access_key_2_active", "access_key_2_last_rotated", "access_key_2_last_used_date", "access_key_2_last_used_region", "access_key_2_last_used_service",
        "cert_1_active", "cert_1_last_rotated", "cert_2_active", "cert_2_last_rotated",
    ];

    private const string NotApplicable = "N/A";

    public void Register(ActionTable table)
    {
        // Access level Read in IAM's service authorization reference: a no-op apply that reads the report writes nothing.
        table.ReadThatChangesState("GenerateCredentialReport", GenerateCredentialReport);
        table.Read("GetCredentialReport", GetCredentialReport);
    }

    /// <summary>STARTED when a new report begins, INPROGRESS while it is generated, COMPLETE once it can be read.</summary>
    private XElement GenerateCredentialReport(IamRequest request)
    {
        var now = account.Now;
        if (account.CredentialReport is { } report && now - report.GeneratedTime < ReportLifetime)
        {
            return Result(E("State", now < report.CompleteAt ? "INPROGRESS" : "COMPLETE"));
        }

        account.CredentialReport = new CredentialReportEntry(now, now + account.CredentialReportGenerationTime, Encoding.UTF8.GetBytes(Csv()));
        return Result(E("State", "STARTED"), E("Description", "No report exists. Starting a new report generation task"));
    }

    private XElement GetCredentialReport(IamRequest request)
    {
        var now = account.Now;
        var report = account.CredentialReport
            ?? throw new IamError("ReportNotPresent", "Credential report not present. Generate one with GenerateCredentialReport.", 410).ToException();
        if (now < report.CompleteAt)
        {
            throw new IamError("ReportInProgress", "Credential report generation is in progress.", 404).ToException();
        }

        if (now - report.GeneratedTime >= ReportLifetime)
        {
            throw new IamError("ReportExpired", "The credential report has expired. Generate a new one with GenerateCredentialReport.", 410).ToException();
        }

        return Result(E("Content", Convert.ToBase64String(report.Content)), E("ReportFormat", "text/csv"), E("GeneratedTime", Date(report.GeneratedTime)));
    }

    /// <summary>One row per user, by name. The root user's row is left out: the emulator has no root user.</summary>
    private string Csv()
    {
        var csv = new StringBuilder().AppendJoin(',', Columns).Append('\n');
        foreach (var user in account.Users.All.OrderBy(user => user.Name, StringComparer.OrdinalIgnoreCase))
        {
            csv.AppendJoin(',', Row(user)).Append('\n');
        }

        return csv.ToString();
    }

    private IEnumerable<string> Row(UserEntity user)
    {
        var profile = user.LoginProfile;
        yield return user.Name;
        yield return user.Arn;
        yield return Time(user.CreateDate);
        yield return Flag(profile is not null);

        // The emulator has no console sign-in, so a password is never used.
        yield return profile is null ? NotApplicable : "no_information";
        yield return profile is null ? NotApplicable : Time(profile.PasswordLastChanged);
        yield return profile is not null && account.PasswordPolicy?.MaxPasswordAge is { } days ? Time(profile.PasswordLastChanged.AddDays(days)) : NotApplicable;
        yield return Flag(user.MfaDevices.Count > 0);
        foreach (var key in Slots(user.AccessKeys, 2))
        {
            yield return Flag(key?.Status == "Active");
            yield return key is null ? NotApplicable : Time(key.CreateDate);
            yield return key?.LastUsed is { } used ? Time(used.Date) : NotApplicable;
            yield return key?.LastUsed?.Region ?? NotApplicable;
            yield return key?.LastUsed?.ServiceName ?? NotApplicable;
        }

        foreach (var certificate in Slots(user.SigningCertificates, 2))
        {
            yield return Flag(certificate is not null);
            yield return certificate is null ? NotApplicable : Time(certificate.UploadDate);
        }
    }

    private static IEnumerable<T?> Slots<T>(List<T> items, int count)
        where T : class =>
        Enumerable.Range(0, count).Select(index => index < items.Count ? items[index] : null);

    private static string Flag(bool value) => value ? "true" : "false";

    /// <summary>ISO 8601 with the UTC offset, as the report writes its times (e.g. 2014-10-28T18:38:49+00:00).</summary>
    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);
}
