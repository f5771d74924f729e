using IamOperator.Iam.Emulator.Tests.Support;

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
        await iam.OkAsync("PutUserPolicy", ("UserName", "alice"), ("PolicyName", "p"), ("PolicyDocument", PolicyDocuments.ReadS3));
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

    /// <summary>A credential people add to a user: how the test makes one, and how IAM lists, deletes and names it.</summary>
    private sealed record CredentialKind(
        Func<OutOfBandIam, string, Task<string>> Create, string ListAction, string ListedIds, string DeleteAction, string IdParameter, string DeleteUserConflict);

    private static readonly Dictionary<string, CredentialKind> Kinds = new()
    {
        ["signing certificate"] = new((iam, user) => iam.UploadSigningCertificateAsync(user),
            "ListSigningCertificates", "Certificates/member/CertificateId", "DeleteSigningCertificate", "CertificateId", "must delete signing certificates first"),
        ["SSH public key"] = new((iam, user) => iam.UploadSshPublicKeyAsync(user),
            "ListSSHPublicKeys", "SSHPublicKeys/member/SSHPublicKeyId", "DeleteSSHPublicKey", "SSHPublicKeyId", "must delete SSH public keys first"),
        ["service-specific credential"] = new((iam, user) => iam.CreateServiceSpecificCredentialAsync(user),
            "ListServiceSpecificCredentials", "ServiceSpecificCredentials/member/ServiceSpecificCredentialId", "DeleteServiceSpecificCredential",
            "ServiceSpecificCredentialId", "must delete service specific credentials first"),
    };

    public static TheoryData<string> CredentialKinds => [.. Kinds.Keys];

    [Theory, MemberData(nameof(CredentialKinds))]
    public async Task DeleteUser_with_only_one_such_credential_answers_DeleteConflict_naming_it(string kind)
    {
        await using var iam = await EmulatorHarness.StartAsync();
        using var outOfBand = new OutOfBandIam(iam.Server);
        await iam.OkAsync("CreateUser", ("UserName", "alice"));
        await Kinds[kind].Create(outOfBand, "alice");

        var conflict = await iam.CallAsync("DeleteUser", ("UserName", "alice"));

        Assert.Equal((409, "DeleteConflict"), (conflict.Status, conflict.ErrorCode));
        Assert.Contains(Kinds[kind].DeleteUserConflict, conflict.ErrorMessage);
    }

    [Theory, MemberData(nameof(CredentialKinds))]
    public async Task Deleted_credential_is_no_longer_listed_and_deleting_it_again_answers_NoSuchEntity(string kind)
    {
        await using var iam = await EmulatorHarness.StartAsync();
        using var outOfBand = new OutOfBandIam(iam.Server);
        await iam.OkAsync("CreateUser", ("UserName", "alice"));
        var credential = Kinds[kind];
        var id = await credential.Create(outOfBand, "alice");
        var listed = await iam.OkAsync(credential.ListAction, ("UserName", "alice"));

        await iam.OkAsync(credential.DeleteAction, ("UserName", "alice"), (credential.IdParameter, id));
        var again = await iam.CallAsync(credential.DeleteAction, ("UserName", "alice"), (credential.IdParameter, id));

        Assert.Equal([id], listed.Values(credential.ListedIds));
        Assert.Empty((await iam.OkAsync(credential.ListAction, ("UserName", "alice"))).Values(credential.ListedIds));
        Assert.Equal((404, "NoSuchEntity"), (again.Status, again.ErrorCode));
    }
}
