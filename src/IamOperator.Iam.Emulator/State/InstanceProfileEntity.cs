namespace IamOperator.Iam.Emulator.State;

internal sealed class InstanceProfileEntity : Entity
{
    public List<RoleEntity> Roles { get; } = [];
    public TagSet Tags { get; } = new(caseInsensitiveKeys: false);

    public InstanceProfileEntity Copy(Func<RoleEntity, RoleEntity> role)
    {
        var copy = new InstanceProfileEntity { Name = Name, Id = Id, Path = Path, Arn = Arn, CreateDate = CreateDate, VisibleFrom = VisibleFrom };
        copy.Roles.AddRange(Roles.Select(role));
        copy.Tags.Set(Tags.All);
        return copy;
    }
}
