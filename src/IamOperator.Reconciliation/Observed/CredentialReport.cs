using System.Globalization;
using System.Text;
using nietras.SeparatedValues;

namespace IamOperator.Reconciliation.Observed;

/// <summary>One active or inactive access key slot of a user's row: whether it is active and when it was created or last changed.</summary>
public sealed record ReportedAccessKey(int Slot, bool Active, DateTimeOffset? LastRotated);

/// <summary>
/// A user's credentials as one row of the credential report states them, as of <see cref="CredentialReport.GeneratedTime"/>.
/// A fact the report does not carry (a column missing, a value such as N/A or no_information) is null, and is not judged.
/// </summary>
public sealed record UserCredentialFacts(
    string UserName,
    DateTimeOffset? UserCreationTime,
    bool? PasswordEnabled,
    DateTimeOffset? PasswordLastUsed,
    DateTimeOffset? PasswordLastChanged,
    bool? MfaActive,
    IReadOnlyList<ReportedAccessKey> AccessKeys,
    DateTimeOffset GeneratedTime);

/// <summary>
/// The account's credential report (GetCredentialReport, CSV), read by column name as the IAM User Guide documents its
/// format (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html, "Understanding the report
/// format"): user, arn, user_creation_time, password_enabled, password_last_used, password_last_changed,
/// password_next_rotation, mfa_active, access_key_N_active, access_key_N_last_rotated, access_key_N_last_used_*,
/// cert_N_*. Columns it does not know are ignored, so a column AWS adds later never fails the read; a column it
/// needs that is missing leaves that fact unknown. The root user's row (&lt;root_account&gt;) is not a user the operator manages.
/// </summary>
public sealed class CredentialReport
{
    private const string RootUser = "<root_account>";
    private readonly Dictionary<string, UserCredentialFacts> users;

    private CredentialReport(Dictionary<string, UserCredentialFacts> users, DateTimeOffset generatedTime)
    {
        this.users = users;
        GeneratedTime = generatedTime;
    }

    /// <summary>When IAM generated the report: the facts are as of then (IAM reuses a report for up to four hours).</summary>
    public DateTimeOffset GeneratedTime { get; }

    public int Count => users.Count;

    /// <summary>The user's row, by IAM name (case-insensitive, as IAM names are); null when the report has none (a newer user).</summary>
    public UserCredentialFacts? Find(string userName) => users.GetValueOrDefault(userName);

    /// <exception cref="FormatException">The content is not CSV with a <c>user</c> column.</exception>
    public static CredentialReport Parse(byte[] content, DateTimeOffset generatedTime)
    {
        ArgumentNullException.ThrowIfNull(content);
        var users = new Dictionary<string, UserCredentialFacts>(StringComparer.OrdinalIgnoreCase);
        var text = Encoding.UTF8.GetString(content);
        if (text.Length == 0) return new CredentialReport(users, generatedTime);
        // User names may contain ',' (IAM allows [\w+=,.@-]): quoted fields are unescaped, not split.
        using var reader = Sep.New(',').Reader(o => o with { Unescape = true, DisableColCountCheck = true }).FromText(text);
        var header = reader.Header;
        int? Column(string name) => header.TryIndexOf(name, out var index) ? index : null;
        var user = Column("user") ?? throw new FormatException("the credential report has no 'user' column");
        var creation = Column("user_creation_time");
        var passwordEnabled = Column("password_enabled");
        var passwordLastUsed = Column("password_last_used");
        var passwordLastChanged = Column("password_last_changed");
        var mfaActive = Column("mfa_active");
        var keys = Enumerable.Range(1, 2).Select(slot => (Slot: slot, Active: Column($"access_key_{slot}_active"), Rotated: Column($"access_key_{slot}_last_rotated")))
            .Where(k => k.Active is not null).ToList();
        foreach (var row in reader)
        {
            var cells = new string[row.ColCount];
            for (var i = 0; i < cells.Length; i++) cells[i] = row[i].ToString().Trim();
            string? Cell(int? index) => index is { } i && i < cells.Length ? cells[i] : null;
            var name = Cell(user);
            if (string.IsNullOrEmpty(name) || name == RootUser) continue;
            var accessKeys = keys
                .Select(k => (k.Slot, Active: Flag(Cell(k.Active)), Rotated: Time(Cell(k.Rotated))))
                .Where(k => k.Active is not null && (k.Active == true || k.Rotated is not null))
                .Select(k => new ReportedAccessKey(k.Slot, k.Active!.Value, k.Rotated)).ToList();
            users[name] = new UserCredentialFacts(name, Time(Cell(creation)), Flag(Cell(passwordEnabled)), Time(Cell(passwordLastUsed)),
                Time(Cell(passwordLastChanged)), Flag(Cell(mfaActive)), accessKeys, generatedTime);
        }
        return new CredentialReport(users, generatedTime);
    }

    /// <summary>true/false in any letter case (AWS writes TRUE/FALSE); anything else (not_supported, N/A) is unknown.</summary>
    private static bool? Flag(string? value) =>
        string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) ? true
        : string.Equals(value, "false", StringComparison.OrdinalIgnoreCase) ? false
        : null;

    /// <summary>An ISO 8601 date-time; N/A, no_information, not_supported and empty cells are unknown.</summary>
    private static DateTimeOffset? Time(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time : null;
}
