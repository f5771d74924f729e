namespace IamOperator.Iam.Emulator.State;

internal sealed record MfaDeviceEntry(string SerialNumber, DateTimeOffset EnableDate);
