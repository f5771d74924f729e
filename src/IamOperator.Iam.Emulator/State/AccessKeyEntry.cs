namespace IamOperator.Iam.Emulator.State;

internal sealed class AccessKeyEntry(string accessKeyId, string secretAccessKey, DateTimeOffset createDate)
{
    public string AccessKeyId { get; } = accessKeyId;
    public string SecretAccessKey { get; } = secretAccessKey;
    public DateTimeOffset CreateDate { get; } = createDate;
    public string Status { get; set; } = "Active";

    /// <summary>The last request the key signed (GetAccessKeyLastUsed, the credential report); null while never used.</summary>
    public AccessKeyUse? LastUsed { get; set; }

    public AccessKeyEntry Copy() => new(AccessKeyId, SecretAccessKey, CreateDate) { Status = Status, LastUsed = LastUsed };
}

/// <summary>When, where and for which service (the SigV4 scope's service, e.g. iam or sts) a key signed a request.</summary>
internal sealed record AccessKeyUse(DateTimeOffset Date, string ServiceName, string Region);
