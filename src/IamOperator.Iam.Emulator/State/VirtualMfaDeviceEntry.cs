namespace IamOperator.Iam.Emulator.State;

/// <summary>
/// A virtual MFA device of the account; its serial number is its ARN. Whether it is assigned is
/// not stored here: it is assigned while a user's MFA devices list its serial (EnableMFADevice).
/// </summary>
internal sealed record VirtualMfaDeviceEntry(string SerialNumber, DateTimeOffset CreateDate);
