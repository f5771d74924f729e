using IamOperator.Iam.Emulator.Tests.Support;

namespace IamOperator.Iam.Emulator.Tests;

/// <summary>
/// Signing certificates (https://docs.aws.amazon.com/IAM/latest/APIReference/API_UploadSigningCertificate.html)
/// and SSH public keys (API_UploadSSHPublicKey): upload, list, delete, and what IAM refuses.
/// </summary>
public sealed class PublicKeyTests
{
    [Fact]
    public async Task Uploaded_signing_certificate_is_Active_and_listed_with_its_body()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "alice"));
        var body = PublicKeyMaterial.NewCertificatePem();

        var uploaded = await iam.OkAsync("UploadSigningCertificate", ("UserName", "alice"), ("CertificateBody", body));
        var listed = await iam.OkAsync("ListSigningCertificates", ("UserName", "alice"));

        var id = uploaded.Value("Certificate/CertificateId")!;
        Assert.Matches("^[A-Z2-7]{28}$", id);
        Assert.Equal(("alice", "Active", body), (uploaded.Value("Certificate/UserName"), uploaded.Value("Certificate/Status"), uploaded.Value("Certificate/CertificateBody")));
        Assert.Equal([id], listed.Values("Certificates/member/CertificateId"));
        Assert.Equal([body], listed.Values("Certificates/member/CertificateBody"));
        Assert.Equal("false", listed.Value("IsTruncated"));
    }

    [Fact]
    public async Task Signing_certificate_without_a_user_name_belongs_to_the_caller()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "alice"));
        var key = await iam.OkAsync("CreateAccessKey", ("UserName", "alice"));
        using var alice = new OutOfBandIam(iam.Server, new EmulatorCredential(key.Value("AccessKey/AccessKeyId")!, key.Value("AccessKey/SecretAccessKey")!));

        var uploaded = await alice.OkAsync("UploadSigningCertificate", ("CertificateBody", PublicKeyMaterial.NewCertificatePem()));

        Assert.Equal("alice", uploaded.Value("Certificate/UserName"));
        Assert.Single((await iam.OkAsync("ListSigningCertificates", ("UserName", "alice"))).All("Certificates/member"));
    }

    [Theory]
    [InlineData("not a certificate")]
    [InlineData("-----BEGIN CERTIFICATE-----\nTm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----")]
    [InlineData(PublicKeyMaterial.PemRsa)]
    public async Task Body_that_is_not_a_PEM_X509_certificate_answers_MalformedCertificate(string body)
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "alice"));

        var refused = await iam.CallAsync("UploadSigningCertificate", ("UserName", "alice"), ("CertificateBody", body));

        Assert.Equal((400, "MalformedCertificate"), (refused.Status, refused.ErrorCode));
    }

    [Fact]
    public async Task Expired_signing_certificate_answers_MalformedCertificate()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "alice"));

        var refused = await iam.CallAsync("UploadSigningCertificate", ("UserName", "alice"), ("CertificateBody", PublicKeyMaterial.NewCertificatePem(expired: true)));

        Assert.Equal((400, "MalformedCertificate"), (refused.Status, refused.ErrorCode));
    }

    [Fact]
    public async Task Certificate_already_held_by_any_user_answers_DuplicateCertificate()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "alice"));
        await iam.OkAsync("CreateUser", ("UserName", "bob"));
        var body = PublicKeyMaterial.NewCertificatePem();
        await iam.OkAsync("UploadSigningCertificate", ("UserName", "alice"), ("CertificateBody", body));

        var refused = await iam.CallAsync("UploadSigningCertificate", ("UserName", "bob"), ("CertificateBody", body));

        Assert.Equal((409, "DuplicateCertificate"), (refused.Status, refused.ErrorCode));
    }

    [Fact]
    public async Task Third_signing_certificate_answers_LimitExceeded()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "alice"));
        await iam.OkAsync("UploadSigningCertificate", ("UserName", "alice"), ("CertificateBody", PublicKeyMaterial.NewCertificatePem()));
        await iam.OkAsync("UploadSigningCertificate", ("UserName", "alice"), ("CertificateBody", PublicKeyMaterial.NewCertificatePem()));

        var refused = await iam.CallAsync("UploadSigningCertificate", ("UserName", "alice"), ("CertificateBody", PublicKeyMaterial.NewCertificatePem()));

        Assert.Equal((409, "LimitExceeded"), (refused.Status, refused.ErrorCode));
    }

    [Fact]
    public async Task OpenSSH_and_PEM_forms_of_one_RSA_key_have_ssh_keygens_MD5_fingerprint()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "alice"));
        await iam.OkAsync("CreateUser", ("UserName", "bob"));

        var openSsh = await iam.OkAsync("UploadSSHPublicKey", ("UserName", "alice"), ("SSHPublicKeyBody", PublicKeyMaterial.OpenSshRsa));
        var pem = await iam.OkAsync("UploadSSHPublicKey", ("UserName", "bob"), ("SSHPublicKeyBody", PublicKeyMaterial.PemRsa));

        Assert.Matches("^APKA[A-Z2-7]{16}$", openSsh.Value("SSHPublicKey/SSHPublicKeyId"));
        Assert.Equal(("Active", PublicKeyMaterial.OpenSshRsa), (openSsh.Value("SSHPublicKey/Status"), openSsh.Value("SSHPublicKey/SSHPublicKeyBody")));
        Assert.Equal(PublicKeyMaterial.OpenSshRsaMd5Fingerprint, openSsh.Value("SSHPublicKey/Fingerprint"));
        Assert.Equal(PublicKeyMaterial.OpenSshRsaMd5Fingerprint, pem.Value("SSHPublicKey/Fingerprint"));
    }

    [Fact]
    public async Task Listed_SSH_public_keys_carry_ids_status_and_dates_but_no_bodies()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "alice"));
        var id = (await iam.OkAsync("UploadSSHPublicKey", ("UserName", "alice"), ("SSHPublicKeyBody", PublicKeyMaterial.OpenSshRsa))).Value("SSHPublicKey/SSHPublicKeyId");

        var listed = await iam.OkAsync("ListSSHPublicKeys", ("UserName", "alice"));

        Assert.Equal([id!], listed.Values("SSHPublicKeys/member/SSHPublicKeyId"));
        Assert.Equal(["Active"], listed.Values("SSHPublicKeys/member/Status"));
        Assert.Single(listed.Values("SSHPublicKeys/member/UploadDate"));
        Assert.DoesNotContain("SSHPublicKeyBody", listed.RawBody);
    }

    [Theory]
    [InlineData(PublicKeyMaterial.OpenSshEd25519, "UnrecognizedPublicKeyEncoding")]
    [InlineData("-----BEGIN CERTIFICATE-----\nbm90IGEga2V5\n-----END CERTIFICATE-----", "UnrecognizedPublicKeyEncoding")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----", "InvalidPublicKey")]
    [InlineData(PublicKeyMaterial.OpenSshRsa1024, "InvalidPublicKey")]
    [InlineData("ssh-rsa !!!not-base64!!!", "InvalidPublicKey")]
    [InlineData("ssh-rsa AAAAB3NzaC1yc2EAAAADAQAB", "InvalidPublicKey")]
    public async Task SSH_key_that_is_not_RSA_of_2048_bits_or_more_is_refused(string body, string code)
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "alice"));

        var refused = await iam.CallAsync("UploadSSHPublicKey", ("UserName", "alice"), ("SSHPublicKeyBody", body));

        Assert.Equal((400, code), (refused.Status, refused.ErrorCode));
    }

    [Fact]
    public async Task Same_SSH_key_twice_for_one_user_answers_DuplicateSSHPublicKey()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "alice"));
        await iam.OkAsync("UploadSSHPublicKey", ("UserName", "alice"), ("SSHPublicKeyBody", PublicKeyMaterial.OpenSshRsa));

        var refused = await iam.CallAsync("UploadSSHPublicKey", ("UserName", "alice"), ("SSHPublicKeyBody", PublicKeyMaterial.PemRsa));

        Assert.Equal((400, "DuplicateSSHPublicKey"), (refused.Status, refused.ErrorCode));
    }

    [Fact]
    public async Task Sixth_SSH_public_key_answers_LimitExceeded()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "alice"));
        for (var i = 0; i < 5; i++)
        {
            await iam.OkAsync("UploadSSHPublicKey", ("UserName", "alice"), ("SSHPublicKeyBody", PublicKeyMaterial.NewSshPublicKeyPem()));
        }

        var refused = await iam.CallAsync("UploadSSHPublicKey", ("UserName", "alice"), ("SSHPublicKeyBody", PublicKeyMaterial.NewSshPublicKeyPem()));

        Assert.Equal((409, "LimitExceeded"), (refused.Status, refused.ErrorCode));
    }
}
