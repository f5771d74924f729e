namespace IamOperator.Iam.Emulator;

internal sealed class InstanceProfileEntity : Entity
{
    public List<RoleEntity> Roles { get; } = [];
    public TagSet Tags { get; } = new(caseInsensitiveKeys: false);
}
