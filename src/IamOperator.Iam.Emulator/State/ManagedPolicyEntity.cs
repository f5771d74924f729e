namespace IamOperator.Iam.Emulator.State;

/// <summary>A managed policy: customer managed (in the account) or AWS managed (account id "aws").</summary>
internal sealed class ManagedPolicyEntity : Entity
{
    public string? Description { get; init; }
    public DateTimeOffset UpdateDate { get; set; }
    public bool IsAwsManaged { get; init; }
    /// <summary>False for policies reserved for service-linked roles (path /aws-service-role/).</summary>
    public bool IsAttachable { get; init; } = true;
    public List<PolicyVersionEntry> Versions { get; } = [];
    public int NextVersionNumber { get; set; } = 1;
    public TagSet Tags { get; } = new(caseInsensitiveKeys: false);

    public PolicyVersionEntry DefaultVersion => Versions.Single(version => version.IsDefault);

    public ManagedPolicyEntity Copy()
    {
        var copy = new ManagedPolicyEntity
        {
            Name = Name, Id = Id, Path = Path, Arn = Arn, CreateDate = CreateDate, VisibleFrom = VisibleFrom,
            Description = Description, UpdateDate = UpdateDate, IsAwsManaged = IsAwsManaged, IsAttachable = IsAttachable,
            NextVersionNumber = NextVersionNumber,
        };
        copy.Versions.AddRange(Versions.Select(version => new PolicyVersionEntry(version.VersionId, version.Document, version.CreateDate) { IsDefault = version.IsDefault }));
        copy.Tags.Set(Tags.All);
        return copy;
    }
}
