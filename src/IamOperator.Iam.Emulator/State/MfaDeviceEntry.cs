namespace IamOperator.Iam.Emulator;

internal sealed record MfaDeviceEntry(string SerialNumber, DateTimeOffset EnableDate);
