using IamOperator.Resources;

namespace IamOperator.Reconciliation.Credentials;

/// <summary>What console access knows: the spec, whether IAM has a login profile, the Secret and the reset annotation.</summary>
/// <param name="SecretHandledReset">The reset annotation value the Secret's password answers (null: none, or no Secret).</param>
/// <param name="ResetAnnotation">The iamoperator.dev/reset-password annotation's value now (null when absent or empty).</param>
public sealed record ConsoleAccessInput(bool Enabled, bool LoginProfileExists, bool SecretExists, string? SecretHandledReset, string? ResetAnnotation);

public enum ConsoleAccessStep
{
    /// <summary>Nothing to change.</summary>
    None,
    /// <summary>Create the login profile with a new password, then write the Secret.</summary>
    Create,
    /// <summary>Set a new password (UpdateLoginProfile), then write the Secret.</summary>
    Reset,
    /// <summary>Delete the login profile and the Secret (console access turned off).</summary>
    Delete,
    /// <summary>A login profile the operator cannot vouch for: it is never replaced unasked.</summary>
    Blocked,
}

/// <summary>
/// Pure: a console password is created once and never changed again, except when the annotation
/// <see cref="ConsoleAccessSpec.ResetPasswordAnnotation"/> gets a value its Secret has not answered yet.
/// </summary>
public static class ConsoleAccessDecision
{
    public static ConsoleAccessStep Decide(ConsoleAccessInput input)
    {
        if (!input.Enabled)
            return input.LoginProfileExists || input.SecretExists ? ConsoleAccessStep.Delete : ConsoleAccessStep.None;
        if (!input.LoginProfileExists)
            return ConsoleAccessStep.Create;
        var resetAsked = input.ResetAnnotation is not null && input.ResetAnnotation != input.SecretHandledReset;
        if (resetAsked)
            return ConsoleAccessStep.Reset;
        // A login profile without our Secret: set by a person, or its Secret was deleted. Its password is unknown.
        return input.SecretExists ? ConsoleAccessStep.None : ConsoleAccessStep.Blocked;
    }
}
