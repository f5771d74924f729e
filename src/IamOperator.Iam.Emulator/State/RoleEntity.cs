namespace IamOperator.Iam.Emulator.State;

internal sealed class RoleEntity : PrincipalEntity
{
    public required string AssumeRolePolicyDocument { get; set; }
    public string? Description { get; set; }
    public int MaxSessionDuration { get; set; } = 3600;
    public string? PermissionsBoundaryArn { get; set; }
    public TagSet Tags { get; } = new(caseInsensitiveKeys: true);

    public RoleEntity Copy()
    {
        var copy = new RoleEntity
        {
            Name = Name, Id = Id, Path = Path, Arn = Arn, CreateDate = CreateDate, VisibleFrom = VisibleFrom,
            AssumeRolePolicyDocument = AssumeRolePolicyDocument, Description = Description,
            MaxSessionDuration = MaxSessionDuration, PermissionsBoundaryArn = PermissionsBoundaryArn,
        };
        CopyPoliciesTo(copy);
        copy.Tags.Set(Tags.All);
        return copy;
    }
}
