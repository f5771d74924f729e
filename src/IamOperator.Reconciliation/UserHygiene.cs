using IamOperator.Reconciliation.Desired;
using IamOperator.Reconciliation.Observed;

namespace IamOperator.Reconciliation;

/// <summary>
/// Pure: the article's best practices for people's users, reported as status warnings (never
/// enforced by writes): rotate access keys, use MFA, get permissions from groups.
/// </summary>
public static class UserHygiene
{
    /// <param name="observed">
    /// The user as IAM holds it; null for a user IAM does not have yet, which starts with no access keys and
    /// no MFA device (so a user the operator has just created is reported at once, not at the next resync).
    /// </param>
    public static IReadOnlyList<string> Findings(DesiredUser desired, ObservedUser? observed, DateTimeOffset now)
    {
        var findings = new List<string>();
        if (desired.ManagedPolicyArns.Count > 0 || desired.InlinePolicies.Count > 0)
            findings.Add("DirectUserPolicies: spec.permissions gives this user policies directly; best practice is to grant permissions through groups");
        // Credentials not read (the bulk snapshot) stay null and are not judged.
        var accessKeys = observed is null ? [] : observed.AccessKeys;
        var mfaDevices = observed is null ? [] : observed.MfaDevices;
        foreach (var key in accessKeys ?? [])
        {
            var age = (int)(now - key.CreateDate).TotalDays;
            if (key.Status == Iam.AccessKeyStatus.Active && age > desired.AccessKeyMaxAgeDays)
                findings.Add($"AccessKeyNotRotated: access key {key.AccessKeyId} is {age} days old (rotate within {desired.AccessKeyMaxAgeDays} days)");
        }
        if (desired.RequireMfa && mfaDevices is { Count: 0 })
            findings.Add("NoMfa: the user has no MFA device; enable MFA (or set spec.requireMfa: false for a user that never signs in)");
        return findings;
    }
}
