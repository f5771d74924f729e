using IamOperator.Iam.Emulator.Tests.Support;

namespace IamOperator.Iam.Emulator.Tests;

/// <summary>MaxItems (1–1000), Marker and IsTruncated, as every IAM list action declares them.</summary>
public sealed class PaginationTests
{
    public static TheoryData<string, string, string> Lists => new()
    {
        { "ListUsers", "Users/member/UserName", "" },
        { "ListGroups", "Groups/member/GroupName", "" },
        { "ListRoles", "Roles/member/RoleName", "" },
        { "ListPolicies", "Policies/member/PolicyName", "Local" },
        { "ListInstanceProfiles", "InstanceProfiles/member/InstanceProfileName", "" },
        { "GetGroup", "Users/member/UserName", "group" },
        { "ListGroupsForUser", "Groups/member/GroupName", "user" },
        { "ListAttachedUserPolicies", "AttachedPolicies/member/PolicyName", "user" },
        { "ListUserPolicies", "PolicyNames/member", "user" },
        { "ListUserTags", "Tags/member/Key", "user" },
        { "ListPolicyVersions", "Versions/member/VersionId", "policy" },
        { "ListAccessKeys", "AccessKeyMetadata/member/AccessKeyId", "user" },
        { "ListSigningCertificates", "Certificates/member/CertificateId", "user" },
        { "ListSSHPublicKeys", "SSHPublicKeys/member/SSHPublicKeyId", "user" },
        { "ListServiceSpecificCredentials", "ServiceSpecificCredentials/member/ServiceSpecificCredentialId", "user" },
        { "ListVirtualMFADevices", "VirtualMFADevices/member/SerialNumber", "" },
    };

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task List_returns_every_item_once_across_pages_of_one(string action, string path, string scope)
    {
        await using var iam = await EmulatorHarness.StartAsync();
        var parameters = await Seed(iam, scope);
        var seen = new List<string>();
        string? marker = null;
        do
        {
            (string, string)[] paging = marker is null ? [("MaxItems", "1")] : [("MaxItems", "1"), ("Marker", marker)];
            var page = await iam.OkAsync(action, [.. parameters, .. paging]);
            var items = page.Values(path);
            Assert.True(items.Count <= 1, $"{action} returned {items.Count} items for MaxItems=1");
            seen.AddRange(items);
            marker = page.Value("IsTruncated") == "true" ? page.Value("Marker") : null;
            Assert.True(page.Value("IsTruncated") == "true" || page.Value("Marker") is null, "Marker only when truncated");
        }
        while (marker is not null);

        var all = (await iam.OkAsync(action, [.. parameters, ("MaxItems", "1000")])).Values(path);
        Assert.True(all.Count >= 2, $"{action} should have at least two items to page through");
        Assert.Equal(all, seen);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    public async Task MaxItems_outside_1_to_1000_answers_ValidationError(string maxItems)
    {
        await using var iam = await EmulatorHarness.StartAsync();

        Assert.Equal("ValidationError", (await iam.CallAsync("ListUsers", ("MaxItems", maxItems))).ErrorCode);
    }

    [Fact]
    public async Task Marker_the_emulator_did_not_issue_answers_InvalidInput()
    {
        await using var iam = await EmulatorHarness.StartAsync();

        Assert.Equal("InvalidInput", (await iam.CallAsync("ListUsers", ("Marker", "garbage!"))).ErrorCode);
    }

    [Fact]
    public async Task Default_page_is_100_items()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        for (var index = 0; index < 101; index++)
        {
            await iam.OkAsync("CreateGroup", ("GroupName", $"g{index:D3}"));
        }

        var page = await iam.OkAsync("ListGroups");

        Assert.Equal(100, page.All("Groups/member").Count);
        Assert.Equal("true", page.Value("IsTruncated"));
    }

    private static async Task<(string, string)[]> Seed(EmulatorHarness iam, string scope)
    {
        foreach (var name in new[] { "a", "b", "c" })
        {
            await iam.OkAsync("CreateUser", ("UserName", name));
            await iam.OkAsync("CreateGroup", ("GroupName", name));
            await iam.OkAsync("CreateRole", ("RoleName", name), ("AssumeRolePolicyDocument", PolicyDocuments.Ec2Trust));
            await iam.OkAsync("CreatePolicy", ("PolicyName", name), ("PolicyDocument", PolicyDocuments.ReadS3));
            await iam.OkAsync("CreateInstanceProfile", ("InstanceProfileName", name));
            await iam.OkAsync("AddUserToGroup", ("GroupName", name), ("UserName", "a"));
            await iam.OkAsync("AddUserToGroup", ("GroupName", "a"), ("UserName", name));
            await iam.OkAsync("AttachUserPolicy", ("UserName", "a"), ("PolicyArn", $"arn:aws:iam::123456789012:policy/{name}"));
            await iam.OkAsync("PutUserPolicy", ("UserName", "a"), ("PolicyName", name), ("PolicyDocument", PolicyDocuments.ReadS3));
            await iam.OkAsync("TagUser", ("UserName", "a"), ("Tags.member.1.Key", name), ("Tags.member.1.Value", "v"));
            await iam.OkAsync("CreatePolicyVersion", ("PolicyArn", "arn:aws:iam::123456789012:policy/a"), ("PolicyDocument", PolicyDocuments.ListBuckets));
        }

        await iam.OkAsync("CreateAccessKey", ("UserName", "a"));
        await iam.OkAsync("CreateAccessKey", ("UserName", "a"));
        await iam.OkAsync("UploadSigningCertificate", ("UserName", "a"), ("CertificateBody", PublicKeyMaterial.NewCertificatePem()));
        await iam.OkAsync("UploadSigningCertificate", ("UserName", "a"), ("CertificateBody", PublicKeyMaterial.NewCertificatePem()));
        await iam.OkAsync("UploadSSHPublicKey", ("UserName", "a"), ("SSHPublicKeyBody", PublicKeyMaterial.OpenSshRsa));
        await iam.OkAsync("UploadSSHPublicKey", ("UserName", "a"), ("SSHPublicKeyBody", PublicKeyMaterial.NewSshPublicKeyPem()));
        await iam.OkAsync("CreateServiceSpecificCredential", ("UserName", "a"), ("ServiceName", "codecommit.amazonaws.com"));
        await iam.OkAsync("CreateServiceSpecificCredential", ("UserName", "a"), ("ServiceName", "cassandra.amazonaws.com"));
        await iam.OkAsync("CreateVirtualMFADevice", ("VirtualMFADeviceName", "a"));
        await iam.OkAsync("CreateVirtualMFADevice", ("VirtualMFADeviceName", "b"));
        return scope switch
        {
            "Local" => [("Scope", "Local")],
            "group" => [("GroupName", "a")],
            "user" => [("UserName", "a")],
            "policy" => [("PolicyArn", "arn:aws:iam::123456789012:policy/a")],
            _ => [],
        };
    }
}
