namespace IamOperator.Iam.Emulator.State;

internal sealed class AccessKeyEntry(string accessKeyId, string secretAccessKey, DateTimeOffset createDate)
{
    public string AccessKeyId { get; } = accessKeyId;
    public string SecretAccessKey { get; } = secretAccessKey;
    public DateTimeOffset CreateDate { get; } = createDate;
    public string Status { get; set; } = "Active";
}
