using CsCheck;
using IamOperator.Iam;
using IamOperator.Reconciliation.Credentials;

namespace IamOperator.Reconciliation.Tests.Credentials;

/// <summary>Console passwords: created once, changed only when the reset annotation gets a new value, policy-conforming.</summary>
public class ConsoleAccessTests
{
    private static ConsoleAccessStep Decide(bool enabled, bool profile, bool secret, string? handled = null, string? annotation = null) =>
        ConsoleAccessDecision.Decide(new ConsoleAccessInput(enabled, profile, secret, handled, annotation));

    [Fact]
    public void A_user_without_a_login_profile_gets_one() => Assert.Equal(ConsoleAccessStep.Create, Decide(true, profile: false, secret: false));

    [Fact]
    public void An_existing_password_is_never_changed_until_the_reset_annotation_gets_a_value_not_handled_yet()
    {
        Assert.Equal(ConsoleAccessStep.None, Decide(true, profile: true, secret: true));
        Assert.Equal(ConsoleAccessStep.Reset, Decide(true, profile: true, secret: true, handled: null, annotation: "2026-01-02"));
        Assert.Equal(ConsoleAccessStep.None, Decide(true, profile: true, secret: true, handled: "2026-01-02", annotation: "2026-01-02"));
        Assert.Equal(ConsoleAccessStep.Reset, Decide(true, profile: true, secret: true, handled: "2026-01-02", annotation: "again"));
    }

    [Fact]
    public void A_login_profile_without_the_operators_Secret_is_never_replaced_unasked()
    {
        Assert.Equal(ConsoleAccessStep.Blocked, Decide(true, profile: true, secret: false));
        Assert.Equal(ConsoleAccessStep.Reset, Decide(true, profile: true, secret: false, annotation: "take-over"));
    }

    [Fact]
    public void Enabled_false_deletes_the_login_profile_and_the_Secret_and_then_has_nothing_to_do()
    {
        Assert.Equal(ConsoleAccessStep.Delete, Decide(false, profile: true, secret: true));
        Assert.Equal(ConsoleAccessStep.Delete, Decide(false, profile: false, secret: true));
        Assert.Equal(ConsoleAccessStep.None, Decide(false, profile: false, secret: false));
    }

    private static readonly Gen<AccountPasswordPolicyInfo?> Policies =
        Gen.Select(Gen.Int[6, 128], Gen.Bool, Gen.Bool, Gen.Bool, Gen.Bool, Gen.Bool)
            .Select((length, symbols, numbers, upper, lower, none) => none ? null
                : new AccountPasswordPolicyInfo(length, symbols, numbers, upper, lower, true, false, null, null, false));

    [Fact]
    public void Generated_passwords_satisfy_any_account_password_policy_and_IAMs_default_one()
    {
        Policies.Sample(policy =>
        {
            var password = PasswordGenerator.Generate(policy);
            var classes = new[] { password.Any(char.IsAsciiLetterUpper), password.Any(char.IsAsciiLetterLower), password.Any(char.IsAsciiDigit), password.Any(PasswordGenerator.Symbols.Contains) };
            return password.Length >= Math.Max(8, policy?.MinimumPasswordLength ?? 8) && password.Length <= PasswordGenerator.MaxLength
                && classes.All(present => present)
                && password.All(c => char.IsAsciiLetterOrDigit(c) || PasswordGenerator.Symbols.Contains(c));
        }, iter: 2000);
    }

    [Fact]
    public void Generated_passwords_do_not_repeat()
    {
        var passwords = Enumerable.Range(0, 1000).Select(_ => PasswordGenerator.Generate(null)).ToHashSet();
        Assert.Equal(1000, passwords.Count);
    }
}
