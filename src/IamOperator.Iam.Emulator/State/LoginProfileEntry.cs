namespace IamOperator.Iam.Emulator.State;

internal sealed record LoginProfileEntry(DateTimeOffset CreateDate, bool PasswordResetRequired);
