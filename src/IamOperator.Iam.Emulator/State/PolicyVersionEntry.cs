namespace IamOperator.Iam.Emulator.State;

internal sealed class PolicyVersionEntry(string versionId, string document, DateTimeOffset createDate)
{
    public string VersionId { get; } = versionId;
    public string Document { get; } = document;
    public DateTimeOffset CreateDate { get; } = createDate;
    public bool IsDefault { get; set; }
}
