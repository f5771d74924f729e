using IamOperator.Iam;
using IamOperator.Reconciliation.Credentials;
using IamOperator.Resources;

namespace IamOperator.Reconciliation.Tests.Credentials;

/// <summary>The rotation decision, step by step: the article's create, update, verify, delete through IAM's second slot.</summary>
public class AccessKeyRotationTests
{
    private static readonly DateTimeOffset Day0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Rotate = TimeSpan.FromDays(90), Grace = TimeSpan.FromDays(7);

    private static AccessKeyMetadata Key(string id, double day, AccessKeyStatus status = AccessKeyStatus.Active) => new("ci-bot", id, status, Day0.AddDays(day));

    private static AccessKeyStep Decide(double now, string? secretKey, string? remembered = null, params AccessKeyMetadata[] keys) =>
        AccessKeyRotation.Decide(new AccessKeyRotationInput(Rotate, Grace, keys, secretKey, remembered, Day0.AddDays(now)));

    [Fact]
    public void A_user_without_keys_gets_a_first_key() =>
        Assert.Equal(new AccessKeyStep.Create(null, "the user has no access key yet"), Decide(0, null));

    [Fact]
    public void A_young_key_waits_for_its_rotation_day() =>
        Assert.Equal(new AccessKeyStep.Wait(Day0.AddDays(90)), Decide(89.9, "AKIA1", null, Key("AKIA1", 0)));

    [Fact]
    public void At_rotateAfterDays_a_second_key_is_created_to_replace_the_Secrets_key()
    {
        var step = Assert.IsType<AccessKeyStep.Create>(Decide(90, "AKIA1", null, Key("AKIA1", 0)));
        Assert.Equal("AKIA1", step.Replaces);
    }

    [Fact]
    public void During_the_grace_period_the_old_key_stays_and_at_its_end_it_is_deactivated_then_deleted()
    {
        Assert.Equal(new AccessKeyStep.Wait(Day0.AddDays(97)), Decide(96, "AKIA2", null, Key("AKIA1", 0), Key("AKIA2", 90)));
        Assert.Equal(new AccessKeyStep.Retire("AKIA1", Deactivate: true), Decide(97, "AKIA2", null, Key("AKIA1", 0), Key("AKIA2", 90)));
        Assert.Equal(new AccessKeyStep.Retire("AKIA1", Deactivate: false), Decide(97, "AKIA2", null, Key("AKIA1", 0, AccessKeyStatus.Inactive), Key("AKIA2", 90)));
    }

    [Fact]
    public void A_key_newer_than_the_Secrets_is_not_ours_it_is_reported_and_stalls_the_rotation_that_needs_its_slot_but_is_never_deleted()
    {
        var early = Assert.IsType<AccessKeyStep.Wait>(Decide(50, "AKIA1", null, Key("AKIA1", 0), Key("AKIAPERSON", 10)));
        var due = Assert.IsType<AccessKeyStep.Blocked>(Decide(90, "AKIA1", null, Key("AKIA1", 0), Key("AKIAPERSON", 10)));

        Assert.StartsWith("AccessKeyNotManaged: access key AKIAPERSON", early.Warning);
        Assert.Equal(ConditionReasons.AccessKeyRotationBlocked, due.Reason);
        Assert.Contains("AKIAPERSON", due.Message);
    }

    [Fact]
    public void Keys_without_a_Secret_are_never_taken_for_the_operators_unless_status_remembers_the_only_one()
    {
        var unknown = Assert.IsType<AccessKeyStep.Blocked>(Decide(5, null, null, Key("AKIAPERSON", 0)));
        var lostSecret = Assert.IsType<AccessKeyStep.Create>(Decide(5, null, "AKIA1", Key("AKIA1", 0)));

        Assert.Equal(ConditionReasons.AccessKeyNotManaged, unknown.Reason);
        Assert.Equal("AKIA1", lostSecret.Replaces);
        Assert.IsType<AccessKeyStep.Blocked>(Decide(5, null, "AKIA1", Key("AKIA1", 0), Key("AKIAPERSON", 1)));
    }

    [Fact]
    public void A_Secret_whose_key_IAM_no_longer_has_gets_a_new_key_only_when_IAM_holds_none()
    {
        Assert.IsType<AccessKeyStep.Create>(Decide(5, "AKIAGONE"));
        Assert.Equal(ConditionReasons.AccessKeyNotManaged, Assert.IsType<AccessKeyStep.Blocked>(Decide(5, "AKIAGONE", null, Key("AKIAPERSON", 1))).Reason);
    }

    [Fact]
    public void A_Secret_key_deactivated_outside_the_operator_is_replaced_at_once_not_reactivated()
    {
        var step = Assert.IsType<AccessKeyStep.Create>(Decide(10, "AKIA1", null, Key("AKIA1", 0, AccessKeyStatus.Inactive)));
        Assert.Equal("AKIA1", step.Replaces);
        Assert.Equal(ConditionReasons.AccessKeyRotationBlocked,
            Assert.IsType<AccessKeyStep.Blocked>(Decide(10, "AKIA1", null, Key("AKIA1", 0, AccessKeyStatus.Inactive), Key("AKIAPERSON", 5))).Reason);
    }

    [Fact]
    public void With_a_grace_period_as_long_as_the_rotation_the_next_key_waits_until_the_old_one_is_gone()
    {
        AccessKeyStep At(double day, params AccessKeyMetadata[] keys) =>
            AccessKeyRotation.Decide(new AccessKeyRotationInput(TimeSpan.FromDays(10), TimeSpan.FromDays(20), keys, "AKIA2", null, Day0.AddDays(day)));

        Assert.Equal(new AccessKeyStep.Wait(Day0.AddDays(30)), At(25, Key("AKIA1", 0), Key("AKIA2", 10)));
        Assert.Equal(new AccessKeyStep.Retire("AKIA1", Deactivate: true), At(30, Key("AKIA1", 0), Key("AKIA2", 10)));
        Assert.IsType<AccessKeyStep.Create>(At(30, Key("AKIA2", 10)));
    }
}
