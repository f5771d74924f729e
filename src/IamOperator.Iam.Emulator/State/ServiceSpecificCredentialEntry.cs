namespace IamOperator.Iam.Emulator.State;

/// <summary>A user name and password for one service; the password is returned at creation only and not kept.</summary>
internal sealed record ServiceSpecificCredentialEntry(string ServiceSpecificCredentialId, string ServiceName, string ServiceUserName, DateTimeOffset CreateDate);
