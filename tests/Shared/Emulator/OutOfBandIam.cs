using IamOperator.Iam.Emulator;

namespace IamOperator.Testing;

/// <summary>
/// Someone else's changes to the emulated account, made through its Query API as a person with the
/// AWS CLI would: the user credentials the operator never creates (signing certificates, SSH keys,
/// service-specific credentials, virtual MFA devices).
/// </summary>
public sealed class OutOfBandIam(IamEmulatorServer server, EmulatorCredential? credential = null) : IDisposable
{
    private readonly SigningIamClient client = new(server.Endpoint, credential ?? EmulatorCredential.DocumentationExample);

    public Task<IamResponse> CallAsync(string action, params (string Name, string Value)[] parameters) => client.CallAsync(action, parameters);

    public async Task<IamResponse> OkAsync(string action, params (string Name, string Value)[] parameters) =>
        (await client.CallAsync(action, parameters)).EnsureSuccess();

    /// <summary>A fresh self-signed certificate for the user; its CertificateId.</summary>
    public async Task<string> UploadSigningCertificateAsync(string userName) =>
        (await OkAsync("UploadSigningCertificate", ("UserName", userName), ("CertificateBody", PublicKeyMaterial.NewCertificatePem())))
            .Value("Certificate/CertificateId")!;

    /// <summary>A fresh RSA key for the user; its SSHPublicKeyId.</summary>
    public async Task<string> UploadSshPublicKeyAsync(string userName) =>
        (await OkAsync("UploadSSHPublicKey", ("UserName", userName), ("SSHPublicKeyBody", PublicKeyMaterial.NewSshPublicKeyPem())))
            .Value("SSHPublicKey/SSHPublicKeyId")!;

    /// <summary>Git credentials (CodeCommit) unless another service is named; the ServiceSpecificCredentialId.</summary>
    public async Task<string> CreateServiceSpecificCredentialAsync(string userName, string serviceName = "codecommit.amazonaws.com") =>
        (await OkAsync("CreateServiceSpecificCredential", ("UserName", userName), ("ServiceName", serviceName)))
            .Value("ServiceSpecificCredential/ServiceSpecificCredentialId")!;

    /// <summary>Creates a virtual MFA device named after the user and enables it for the user; its serial number (ARN).</summary>
    public async Task<string> EnableVirtualMfaDeviceAsync(string userName)
    {
        var serial = (await OkAsync("CreateVirtualMFADevice", ("VirtualMFADeviceName", userName))).Value("VirtualMFADevice/SerialNumber")!;
        await OkAsync("EnableMFADevice", ("UserName", userName), ("SerialNumber", serial), ("AuthenticationCode1", "123456"), ("AuthenticationCode2", "654321"));
        return serial;
    }

    /// <summary>Serial numbers of the account's virtual MFA devices, assigned or not (one page is enough for tests).</summary>
    public async Task<IReadOnlyList<string>> VirtualMfaDevicesAsync() =>
        (await OkAsync("ListVirtualMFADevices", ("MaxItems", "1000"))).Values("VirtualMFADevices/member/SerialNumber");

    public void Dispose() => client.Dispose();
}
