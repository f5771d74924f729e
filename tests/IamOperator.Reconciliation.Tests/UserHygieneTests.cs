using IamOperator.Iam;
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
}
