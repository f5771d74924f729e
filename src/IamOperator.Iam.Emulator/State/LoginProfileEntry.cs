namespace IamOperator.Iam.Emulator;

internal sealed record LoginProfileEntry(DateTimeOffset CreateDate, bool PasswordResetRequired);
