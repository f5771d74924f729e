namespace IamOperator.Iam.Emulator.State;

/// <summary>An SSH public key of a user (for CodeCommit), with its MD5 fingerprint.</summary>
internal sealed record SshPublicKeyEntry(string SshPublicKeyId, string Body, string Fingerprint, DateTimeOffset UploadDate);
