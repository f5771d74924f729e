using IamOperator.Reconciliation.Desired;
using IamOperator.Reconciliation.Observed;

namespace IamOperator.Reconciliation;

/// <summary>
/// Pure: the article's best practices for people's users, reported as status warnings (never
/// enforced by writes): rotate access keys, use MFA, remove unused console passwords, get permissions from groups.
/// </summary>
public static class UserHygiene
{
    /// <summary>
    /// A console password not used for this many days is reported: IAM's best practices say to remove unused
    /// credentials, and 90 days is the same period as the default access key rotation (spec.accessKeyMaxAgeDays).
    /// </summary>
    public const int UnusedPasswordDays = 90;

    /// <param name="observed">
    /// The user as IAM holds it; null for a user IAM does not have yet, which starts with no access keys and
    /// no MFA device (so a user the operator has just created is reported at once, not at the next resync).
    /// </param>
    /// <param name="reported">
    /// The user's row of the credential report, for what <paramref name="observed"/> did not read (the bulk
    /// snapshot carries no credentials); null when there is no report or no row for the user.
    /// </param>
    public static IReadOnlyList<string> Findings(DesiredUser desired, ObservedUser? observed, DateTimeOffset now, UserCredentialFacts? reported = null)
    {
        var findings = new List<string>();
        if (desired.ManagedPolicyArns.Count > 0 || desired.InlinePolicies.Count > 0)
            findings.Add("DirectUserPolicies: spec.permissions gives this user policies directly; best practice is to grant permissions through groups");
        // Credentials read neither by the entity's own reads nor from the credential report stay null and are not judged.
        var accessKeys = observed is null ? [] : observed.AccessKeys;
        var mfaDevices = observed is null ? [] : observed.MfaDevices;
        if (accessKeys is not null)
        {
            foreach (var key in accessKeys)
            {
                var age = (int)(now - key.CreateDate).TotalDays;
                if (key.Status == Iam.AccessKeyStatus.Active && age > desired.AccessKeyMaxAgeDays)
                    findings.Add($"AccessKeyNotRotated: access key {key.AccessKeyId} is {age} days old (rotate within {desired.AccessKeyMaxAgeDays} days)");
            }
        }
        else if (reported is not null)
        {
            // The report names no key id, only its slot.
            foreach (var key in reported.AccessKeys.Where(k => k.Active && k.LastRotated is not null))
            {
                var age = (int)(now - key.LastRotated!.Value).TotalDays;
                if (age > desired.AccessKeyMaxAgeDays)
                    findings.Add($"AccessKeyNotRotated: access key {key.Slot} of the credential report is {age} days old (rotate within {desired.AccessKeyMaxAgeDays} days)");
            }
        }
        var hasMfa = mfaDevices is not null ? mfaDevices.Count > 0 : reported?.MfaActive;
        if (desired.RequireMfa && hasMfa == false)
            findings.Add("NoMfa: the user has no MFA device; enable MFA (or set spec.requireMfa: false for a user that never signs in)");
        if (observed is not null && reported is { PasswordEnabled: true } && UnusedPasswordAge(reported, now) is { } unused)
            findings.Add($"UnusedPassword: the console password has not been used for {unused} days (over {UnusedPasswordDays}); remove it if the user no longer signs in");
        return findings;
    }

    /// <summary>
    /// Days since the password was last used, or, never used, since it was set (or the user created): null while
    /// within <see cref="UnusedPasswordDays"/> or when the report knows none of those times.
    /// </summary>
    private static int? UnusedPasswordAge(UserCredentialFacts reported, DateTimeOffset now)
    {
        var since = reported.PasswordLastUsed ?? reported.PasswordLastChanged ?? reported.UserCreationTime;
        if (since is null) return null;
        var days = (int)(now - since.Value).TotalDays;
        return days > UnusedPasswordDays ? days : null;
    }
}
