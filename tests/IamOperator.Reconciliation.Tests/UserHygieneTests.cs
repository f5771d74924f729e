using IamOperator.Iam;
using IamOperator.Reconciliation.Desired;
using IamOperator.Reconciliation.Observed;
using IamOperator.Reconciliation.Tests.Planning;

namespace IamOperator.Reconciliation.Tests;

public class UserHygieneTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Active_key_older_than_the_max_age_is_reported_inactive_or_young_ones_are_not()
    {
        var observed = Entities.ObservedUser() with
        {
            MfaDevices = [new MfaDeviceInfo("alice", "mfa", Now)],
            AccessKeys =
            [
                new AccessKeyMetadata("alice", "AKIAOLD", AccessKeyStatus.Active, Now.AddDays(-91)),
                new AccessKeyMetadata("alice", "AKIAOFF", AccessKeyStatus.Inactive, Now.AddDays(-400)),
                new AccessKeyMetadata("alice", "AKIANEW", AccessKeyStatus.Active, Now.AddDays(-10)),
            ],
        };
        var findings = UserHygiene.Findings(Entities.User() with { ManagedPolicyArns = [], InlinePolicies = Entities.Inline() }, observed, Now);
        Assert.Equal("AccessKeyNotRotated: access key AKIAOLD is 91 days old (rotate within 90 days)", Assert.Single(findings));
    }

    [Fact]
    public void User_without_mfa_is_reported_unless_mfa_is_not_required()
    {
        var user = Entities.User() with { ManagedPolicyArns = [], InlinePolicies = Entities.Inline() };
        Assert.StartsWith("NoMfa:", Assert.Single(UserHygiene.Findings(user, Entities.ObservedUser(), Now)));
        Assert.Empty(UserHygiene.Findings(user with { RequireMfa = false }, Entities.ObservedUser(), Now));
    }

    [Fact]
    public void A_user_IAM_does_not_have_yet_is_reported_for_direct_policies_and_for_the_MFA_it_will_lack()
    {
        var findings = UserHygiene.Findings(Entities.User() with { RequireMfa = true }, null, Now);

        Assert.Equal(["DirectUserPolicies", "NoMfa"], findings.Select(f => f[..f.IndexOf(':')]));
    }

    [Fact]
    public void Credentials_that_were_not_read_are_not_judged()
    {
        var user = Entities.User() with { ManagedPolicyArns = [], InlinePolicies = Entities.Inline(), RequireMfa = true };

        Assert.Empty(UserHygiene.Findings(user, Entities.ObservedUser() with { AccessKeys = null, MfaDevices = null }, Now));
    }

    private static UserCredentialFacts Reported(bool? mfa = true, bool? passwordEnabled = false, DateTimeOffset? passwordLastUsed = null,
        DateTimeOffset? passwordLastChanged = null, params ReportedAccessKey[] keys) =>
        new("alice", Now.AddYears(-2), passwordEnabled, passwordLastUsed, passwordLastChanged, mfa, keys, Now.AddHours(-1));

    private static readonly ObservedUser FromSnapshot = Entities.ObservedUser() with { AccessKeys = null, MfaDevices = null };

    private static DesiredUser PeopleUser => Entities.User() with { ManagedPolicyArns = [], InlinePolicies = Entities.Inline(), RequireMfa = true };

    [Fact]
    public void Credentials_the_snapshot_lacks_are_judged_from_the_credential_report()
    {
        var findings = UserHygiene.Findings(PeopleUser, FromSnapshot, Now,
            Reported(mfa: false, keys: [new ReportedAccessKey(1, true, Now.AddDays(-120)), new ReportedAccessKey(2, false, Now.AddDays(-400))]));

        Assert.Equal(["AccessKeyNotRotated: access key 1 of the credential report is 120 days old (rotate within 90 days)",
            "NoMfa: the user has no MFA device; enable MFA (or set spec.requireMfa: false for a user that never signs in)"], findings);
    }

    [Fact]
    public void A_reported_MFA_device_and_young_keys_draw_no_finding_and_an_unknown_MFA_fact_is_not_judged()
    {
        Assert.Empty(UserHygiene.Findings(PeopleUser, FromSnapshot, Now, Reported(mfa: true, keys: new ReportedAccessKey(1, true, Now.AddDays(-30)))));
        Assert.Empty(UserHygiene.Findings(PeopleUser, FromSnapshot, Now, Reported(mfa: null)));
    }

    [Fact]
    public void What_the_user_s_own_reads_found_wins_over_the_report()
    {
        var read = Entities.ObservedUser() with { MfaDevices = [new MfaDeviceInfo("alice", "mfa", Now)], AccessKeys = [] };

        Assert.Empty(UserHygiene.Findings(PeopleUser, read, Now, Reported(mfa: false, keys: new ReportedAccessKey(1, true, Now.AddDays(-300)))));
    }

    [Theory]
    [InlineData(91, null, true)]
    [InlineData(89, null, false)]
    // Never used: judged from when the password was set.
    [InlineData(null, 91, true)]
    [InlineData(null, 10, false)]
    public void A_console_password_unused_for_over_90_days_is_reported(int? lastUsedDaysAgo, int? setDaysAgo, bool reported)
    {
        var facts = Reported(passwordEnabled: true, passwordLastUsed: lastUsedDaysAgo is { } used ? Now.AddDays(-used) : null,
            passwordLastChanged: setDaysAgo is { } set ? Now.AddDays(-set) : null);

        var findings = UserHygiene.Findings(PeopleUser, FromSnapshot, Now, facts);

        Assert.Equal(reported, findings.Any(f => f.StartsWith("UnusedPassword: the console password has not been used for", StringComparison.Ordinal)));
        Assert.Empty(UserHygiene.Findings(PeopleUser, FromSnapshot, Now, facts with { PasswordEnabled = false }));
    }
}
