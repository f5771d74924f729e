namespace IamOperator.Iam.Emulator.State;

internal sealed class UserEntity : PrincipalEntity
{
    public string? PermissionsBoundaryArn { get; set; }
    public TagSet Tags { get; } = new(caseInsensitiveKeys: true);
    public List<AccessKeyEntry> AccessKeys { get; } = [];
    public LoginProfileEntry? LoginProfile { get; set; }
    public List<MfaDeviceEntry> MfaDevices { get; } = [];
    public List<SigningCertificateEntry> SigningCertificates { get; } = [];
    public List<SshPublicKeyEntry> SshPublicKeys { get; } = [];
    public List<ServiceSpecificCredentialEntry> ServiceSpecificCredentials { get; } = [];

    public UserEntity Copy()
    {
        var copy = new UserEntity
        {
            Name = Name, Id = Id, Path = Path, Arn = Arn, CreateDate = CreateDate, VisibleFrom = VisibleFrom,
            PermissionsBoundaryArn = PermissionsBoundaryArn, LoginProfile = LoginProfile,
        };
        CopyPoliciesTo(copy);
        copy.Tags.Set(Tags.All);
        copy.AccessKeys.AddRange(AccessKeys.Select(key => key.Copy()));
        copy.MfaDevices.AddRange(MfaDevices);
        copy.SigningCertificates.AddRange(SigningCertificates);
        copy.SshPublicKeys.AddRange(SshPublicKeys);
        copy.ServiceSpecificCredentials.AddRange(ServiceSpecificCredentials);
        return copy;
    }
}
