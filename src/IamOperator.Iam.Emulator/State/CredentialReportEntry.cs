namespace IamOperator.Iam.Emulator.State;

/// <summary>The account's credential report: the CSV as of <see cref="GeneratedTime"/>, readable from <see cref="CompleteAt"/>.</summary>
internal sealed record CredentialReportEntry(DateTimeOffset GeneratedTime, DateTimeOffset CompleteAt, byte[] Content);
