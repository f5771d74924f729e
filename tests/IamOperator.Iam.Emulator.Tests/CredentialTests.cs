namespace IamOperator.Iam.Emulator.Tests;

/// <summary>
/// Access keys, login profiles, MFA devices, and the DeleteUser prerequisites every user credential
/// creates (https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteUser.html).
/// </summary>
public sealed class CredentialTests
{
    [Fact]
    public async Task CreateAccessKey_returns_an_AKIA_key_with_its_secret_and_ListAccessKeys_never_does()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "alice"));

        var created = await iam.OkAsync("CreateAccessKey", ("UserName", "alice"));
        var listed = await iam.OkAsync("ListAccessKeys", ("UserName", "alice"));

        Assert.Matches("^AKIA[A-Z2-7]{16}$", created.Value("AccessKey/AccessKeyId"));
        Assert.Equal(40, created.Value("AccessKey/SecretAccessKey")!.Length);
        Assert.Equal("Active", created.Value("AccessKey/Status"));
        Assert.Equal([created.Value("AccessKey/AccessKeyId")!], listed.Values("AccessKeyMetadata/member/AccessKeyId"));
        Assert.DoesNotContain("SecretAccessKey", listed.RawBody);
    }

    [Fact]
    public async Task Created_access_key_signs_requests_until_it_is_deactivated()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "alice"));
        var created = await iam.OkAsync("CreateAccessKey", ("UserName", "alice"));
        var key = new EmulatorCredential(created.Value("AccessKey/AccessKeyId")!, created.Value("AccessKey/SecretAccessKey")!);
        using var alice = iam.ClientFor(key);

        var asAlice = await alice.CallAsync("GetUser");
        await iam.OkAsync("UpdateAccessKey", ("UserName", "alice"), ("AccessKeyId", key.AccessKeyId), ("Status", "Inactive"));

        Assert.Equal("alice", asAlice.EnsureSuccess().Value("User/UserName"));
        Assert.Equal("InvalidClientTokenId", (await alice.CallAsync("ListUsers")).ErrorCode);
    }

    [Fact]
    public async Task Third_access_key_answers_LimitExceeded()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "alice"));
        await iam.OkAsync("CreateAccessKey", ("UserName", "alice"));
        await iam.OkAsync("CreateAccessKey", ("UserName", "alice"));

        Assert.Equal("LimitExceeded", (await iam.CallAsync("CreateAccessKey", ("UserName", "alice"))).ErrorCode);
    }

    [Fact]
    public async Task Login_profile_is_created_read_and_deleted()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "alice"));

        await iam.OkAsync("CreateLoginProfile", ("UserName", "alice"), ("Password", "c0rrect-Horse"), ("PasswordResetRequired", "true"));
        var read = await iam.OkAsync("GetLoginProfile", ("UserName", "alice"));
        var again = await iam.CallAsync("CreateLoginProfile", ("UserName", "alice"), ("Password", "another-0ne"));
        await iam.OkAsync("DeleteLoginProfile", ("UserName", "alice"));

        Assert.Equal("true", read.Value("LoginProfile/PasswordResetRequired"));
        Assert.Equal("EntityAlreadyExists", again.ErrorCode);
        Assert.Equal("NoSuchEntity", (await iam.CallAsync("GetLoginProfile", ("UserName", "alice"))).ErrorCode);
    }

    [Fact]
    public async Task MFA_device_is_enabled_listed_and_deactivated()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "alice"));
        const string serial = "arn:aws:iam::123456789012:mfa/alice";
        await iam.OkAsync("CreateVirtualMFADevice", ("VirtualMFADeviceName", "alice"));

        await iam.OkAsync("EnableMFADevice", ("UserName", "alice"), ("SerialNumber", serial), ("AuthenticationCode1", "123456"), ("AuthenticationCode2", "654321"));
        var listed = await iam.OkAsync("ListMFADevices", ("UserName", "alice"));
        await iam.OkAsync("DeactivateMFADevice", ("UserName", "alice"), ("SerialNumber", serial));

        Assert.Equal([serial], listed.Values("MFADevices/member/SerialNumber"));
        Assert.Empty((await iam.OkAsync("ListMFADevices", ("UserName", "alice"))).All("MFADevices/member"));
    }

    [Fact]
    public async Task DeleteUser_answers_DeleteConflict_until_every_prerequisite_is_removed()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        using var outOfBand = new OutOfBandIam(iam.Server);
        await iam.OkAsync("CreateUser", ("UserName", "alice"));
        await iam.OkAsync("CreateGroup", ("GroupName", "devs"));
        await iam.OkAsync("AddUserToGroup", ("GroupName", "devs"), ("UserName", "alice"));
        await iam.OkAsync("CreateLoginProfile", ("UserName", "alice"), ("Password", "c0rrect-Horse"));
        var keyId = (await iam.OkAsync("CreateAccessKey", ("UserName", "alice"))).Value("AccessKey/AccessKeyId")!;
        var certificateId = await outOfBand.UploadSigningCertificateAsync("alice");
        var sshKeyId = await outOfBand.UploadSshPublicKeyAsync("alice");
        var credentialId = await outOfBand.CreateServiceSpecificCredentialAsync("alice");
        var serial = await outOfBand.EnableVirtualMfaDeviceAsync("alice");
        await iam.OkAsync("PutUserPolicy", ("UserName", "alice"), ("PolicyName", "p"), ("PolicyDocument", Documents.ReadS3));
        await iam.OkAsync("AttachUserPolicy", ("UserName", "alice"), ("PolicyArn", "arn:aws:iam::aws:policy/ReadOnlyAccess"));

        var removals = new (string Action, (string, string)[] Parameters)[]
        {
            ("DeleteLoginProfile", [("UserName", "alice")]),
            ("DeleteAccessKey", [("UserName", "alice"), ("AccessKeyId", keyId)]),
            ("DeleteSigningCertificate", [("UserName", "alice"), ("CertificateId", certificateId)]),
            ("DeleteSSHPublicKey", [("UserName", "alice"), ("SSHPublicKeyId", sshKeyId)]),
            ("DeleteServiceSpecificCredential", [("UserName", "alice"), ("ServiceSpecificCredentialId", credentialId)]),
            ("DeactivateMFADevice", [("UserName", "alice"), ("SerialNumber", serial)]),
            ("DeleteUserPolicy", [("UserName", "alice"), ("PolicyName", "p")]),
            ("DetachUserPolicy", [("UserName", "alice"), ("PolicyArn", "arn:aws:iam::aws:policy/ReadOnlyAccess")]),
            ("RemoveUserFromGroup", [("GroupName", "devs"), ("UserName", "alice")]),
        };
        foreach (var (action, parameters) in removals)
        {
            var conflict = await iam.CallAsync("DeleteUser", ("UserName", "alice"));
            Assert.Equal(409, conflict.Status);
            Assert.Equal("DeleteConflict", conflict.ErrorCode);
            await iam.OkAsync(action, parameters);
        }

        await iam.OkAsync("DeleteUser", ("UserName", "alice"));
        // A deactivated virtual device outlives its user: deleting it is a separate call (DeleteVirtualMFADevice).
        Assert.Equal([serial], await outOfBand.VirtualMfaDevicesAsync());
    }

    [Theory]
    [InlineData("signing certificate", "must delete signing certificates first")]
    [InlineData("SSH public key", "must delete SSH public keys first")]
    [InlineData("service-specific credential", "must delete service specific credentials first")]
    public async Task DeleteUser_with_only_one_such_credential_answers_DeleteConflict_naming_it(string credential, string message)
    {
        await using var iam = await EmulatorHarness.StartAsync();
        using var outOfBand = new OutOfBandIam(iam.Server);
        await iam.OkAsync("CreateUser", ("UserName", "alice"));
        await (credential switch
        {
            "signing certificate" => outOfBand.UploadSigningCertificateAsync("alice"),
            "SSH public key" => outOfBand.UploadSshPublicKeyAsync("alice"),
            _ => outOfBand.CreateServiceSpecificCredentialAsync("alice"),
        });

        var conflict = await iam.CallAsync("DeleteUser", ("UserName", "alice"));

        Assert.Equal((409, "DeleteConflict"), (conflict.Status, conflict.ErrorCode));
        Assert.Contains(message, conflict.ErrorMessage);
    }
}
