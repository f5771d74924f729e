namespace IamOperator.Iam.Emulator.State;

/// <summary>An X.509 signing certificate of a user; the thumbprint finds the same certificate uploaded twice.</summary>
internal sealed record SigningCertificateEntry(string CertificateId, string Body, string Thumbprint, DateTimeOffset UploadDate);
