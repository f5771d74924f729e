namespace IamOperator.Iam.Emulator;

internal sealed class GroupEntity : PrincipalEntity
{
    /// <summary>Members in the order they were added.</summary>
    public List<UserEntity> Members { get; } = [];
}
