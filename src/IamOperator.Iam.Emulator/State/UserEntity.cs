namespace IamOperator.Iam.Emulator;

internal sealed class UserEntity : PrincipalEntity
{
    public string? PermissionsBoundaryArn { get; set; }
    public TagSet Tags { get; } = new(caseInsensitiveKeys: true);
    public List<AccessKeyEntry> AccessKeys { get; } = [];
    public LoginProfileEntry? LoginProfile { get; set; }
    public List<MfaDeviceEntry> MfaDevices { get; } = [];
}
