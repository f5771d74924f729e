namespace IamOperator.Iam.Emulator.State;

internal sealed class GroupEntity : PrincipalEntity
{
    /// <summary>Members in the order they were added.</summary>
    public List<UserEntity> Members { get; } = [];

    public GroupEntity Copy(Func<UserEntity, UserEntity> user)
    {
        var copy = new GroupEntity { Name = Name, Id = Id, Path = Path, Arn = Arn, CreateDate = CreateDate, VisibleFrom = VisibleFrom };
        CopyPoliciesTo(copy);
        copy.Members.AddRange(Members.Select(user));
        return copy;
    }
}
