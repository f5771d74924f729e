using System.Text.Json.Nodes;

namespace IamOperator.Iam.Tests.Emulator;

/// <summary>
/// Drives every <see cref="IIamApi"/> operation once through a full lifecycle (create, read,
/// update, list, attach, tag, delete) and checks what IAM answers. Used as-is against a healthy
/// and a throttling emulator. State the interface never creates (a console password, an MFA
/// device, certificates, SSH keys, service-specific credentials) is made through the same signed,
/// retrying client with raw Query calls.
/// </summary>
internal static class EveryOperationScenario
{
    public const string Trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
    public const string LambdaTrust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
    public const string ReadBucket = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"arn:aws:s3:::data-bucket/*"}]}""";

    /// <summary>The raw Query calls the scenario makes for state <see cref="IIamApi"/> never creates; not the client's own actions.</summary>
    public static readonly string[] OutOfBandActions =
    [
        "UploadSigningCertificate", "UploadSSHPublicKey", "CreateServiceSpecificCredential", "CreateVirtualMFADevice", "EnableMFADevice",
    ];

    public static string Document(string action, string resource = "*") =>
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"{{action}}","Resource":"{{resource}}"}]}""";

    public static void SameJson(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"expected {expected}\nactual   {actual}");

    public static async Task RunAsync(IamQueryClient iam, string prefix, CancellationToken ct)
    {
        var owner = new IamTag("iamoperator.dev/owner", $"test/{prefix}");

        // Users
        var user = await iam.CreateUserAsync(new CreateUserRequest($"{prefix}-alice", "/people/", Tags: [owner]), ct);
        Assert.StartsWith("AIDA", user.UserId);
        Assert.EndsWith($":user/people/{prefix}-alice", user.Arn);
        var readUser = await iam.GetUserAsync(user.UserName, ct);
        Assert.Equal(user.UserId, readUser.UserId);
        Assert.Contains(owner, readUser.Tags ?? []);
        Assert.Contains(await iam.ListUsersAsync("/people/", ct), u => u.UserName == user.UserName);
        await iam.UpdateUserAsync(user.UserName, null, "/staff/", ct);
        Assert.Equal("/staff/", (await iam.GetUserAsync(user.UserName, ct)).Path);

        // Groups and membership
        var group = await iam.CreateGroupAsync($"{prefix}-devs", "/teams/", ct);
        Assert.StartsWith("AGPA", group.GroupId);
        Assert.Equal(group, await iam.GetGroupAsync(group.GroupName, ct));
        await iam.UpdateGroupAsync(group.GroupName, $"{prefix}-developers", null, ct);
        group = await iam.GetGroupAsync($"{prefix}-developers", ct);
        Assert.Contains(await iam.ListGroupsAsync("/teams/", ct), g => g.GroupName == group.GroupName);
        await iam.AddUserToGroupAsync(group.GroupName, user.UserName, ct);
        Assert.Equal([user.UserName], (await iam.GetGroupMembersAsync(group.GroupName, ct)).Select(u => u.UserName));
        Assert.Equal([group.GroupName], (await iam.ListGroupsForUserAsync(user.UserName, ct)).Select(g => g.GroupName));

        // Roles
        var role = await iam.CreateRoleAsync(new CreateRoleRequest($"{prefix}-app", Trust, "/service/", "App role", 3600, Tags: [owner]), ct);
        Assert.StartsWith("AROA", role.RoleId);
        var readRole = await iam.GetRoleAsync(role.RoleName, ct);
        SameJson(Trust, readRole.AssumeRolePolicyDocument);
        Assert.Equal("App role", readRole.Description);
        await iam.UpdateRoleAsync(role.RoleName, "Application role", 7200, ct);
        await iam.UpdateAssumeRolePolicyAsync(role.RoleName, LambdaTrust, ct);
        readRole = await iam.GetRoleAsync(role.RoleName, ct);
        Assert.Equal(("Application role", 7200), (readRole.Description, readRole.MaxSessionDuration));
        SameJson(LambdaTrust, readRole.AssumeRolePolicyDocument);
        Assert.Contains(await iam.ListRolesAsync("/service/", ct), r => r.RoleName == role.RoleName);

        // Managed policies and versions
        var policy = await iam.CreatePolicyAsync(new CreatePolicyRequest($"{prefix}-read", ReadBucket, "/app/", "Reads the bucket", [owner]), ct);
        Assert.StartsWith("ANPA", policy.PolicyId);
        Assert.Equal("v1", policy.DefaultVersionId);
        Assert.Equal(policy.Arn, (await iam.GetPolicyAsync(policy.Arn, ct)).Arn);
        Assert.Contains(await iam.ListPoliciesAsync(PolicyScope.Local, false, "/app/", ct), p => p.Arn == policy.Arn);
        Assert.Contains(await iam.ListPoliciesAsync(PolicyScope.Aws, false, null, ct), p => p.PolicyName == "ReadOnlyAccess");
        // Six more versions: IAM keeps five, so the client prunes the oldest non-default one on LimitExceeded.
        for (var i = 2; i <= 7; i++)
            await iam.CreatePolicyVersionAsync(policy.Arn, Document("s3:GetObject", $"arn:aws:s3:::bucket-{i}/*"), setAsDefault: i % 2 == 0, ct);
        var versions = await iam.ListPolicyVersionsAsync(policy.Arn, ct);
        Assert.Equal(IamQueryClient.MaxPolicyVersions, versions.Count);
        var defaultVersion = Assert.Single(versions, v => v.IsDefaultVersion);
        SameJson(Document("s3:GetObject", "arn:aws:s3:::bucket-6/*"), (await iam.GetPolicyVersionAsync(policy.Arn, defaultVersion.VersionId, ct)).Document!);
        var newest = versions.OrderByDescending(v => v.CreateDate).ThenByDescending(v => v.VersionId).First();
        await iam.SetDefaultPolicyVersionAsync(policy.Arn, newest.VersionId, ct);
        await iam.DeletePolicyVersionAsync(policy.Arn, defaultVersion.VersionId, ct);
        Assert.Equal(4, (await iam.ListPolicyVersionsAsync(policy.Arn, ct)).Count);

        // Permissions boundaries
        await iam.PutPermissionsBoundaryAsync(IamPrincipal.User(user.UserName), policy.Arn, ct);
        await iam.PutPermissionsBoundaryAsync(IamPrincipal.Role(role.RoleName), policy.Arn, ct);
        Assert.Equal(policy.Arn, (await iam.GetUserAsync(user.UserName, ct)).PermissionsBoundaryArn);
        Assert.Equal(policy.Arn, (await iam.GetRoleAsync(role.RoleName, ct)).PermissionsBoundaryArn);
        await iam.DeletePermissionsBoundaryAsync(IamPrincipal.User(user.UserName), ct);
        await iam.DeletePermissionsBoundaryAsync(IamPrincipal.Role(role.RoleName), ct);
        Assert.Null((await iam.GetUserAsync(user.UserName, ct)).PermissionsBoundaryArn);

        // Attachments and inline policies on every principal kind
        IamPrincipal[] principals = [IamPrincipal.User(user.UserName), IamPrincipal.Group(group.GroupName), IamPrincipal.Role(role.RoleName)];
        foreach (var principal in principals)
        {
            await iam.AttachPolicyAsync(principal, policy.Arn, ct);
            await iam.AttachPolicyAsync(principal, "arn:aws:iam::aws:policy/ReadOnlyAccess", ct);
            Assert.Equal([policy.Arn, "arn:aws:iam::aws:policy/ReadOnlyAccess"],
                (await iam.ListAttachedPoliciesAsync(principal, ct)).Select(a => a.PolicyArn).Order(StringComparer.Ordinal));
            await iam.PutInlinePolicyAsync(principal, "inline-logs", Document("logs:PutLogEvents"), ct);
            SameJson(Document("logs:PutLogEvents"), await iam.GetInlinePolicyAsync(principal, "inline-logs", ct));
            Assert.Equal(["inline-logs"], await iam.ListInlinePolicyNamesAsync(principal, ct));
        }
        var entities = await iam.ListEntitiesForPolicyAsync(policy.Arn, ct);
        Assert.Equal([user.UserName], entities.UserNames);
        Assert.Equal([group.GroupName], entities.GroupNames);
        Assert.Equal([role.RoleName], entities.RoleNames);

        // Instance profiles
        var profile = await iam.CreateInstanceProfileAsync($"{prefix}-profile", "/service/", [owner], ct);
        Assert.StartsWith("AIPA", profile.InstanceProfileId);
        await iam.AddRoleToInstanceProfileAsync(profile.InstanceProfileName, role.RoleName, ct);
        Assert.Equal([role.RoleName], (await iam.GetInstanceProfileAsync(profile.InstanceProfileName, ct)).RoleNames);
        Assert.Equal([profile.InstanceProfileName], (await iam.ListInstanceProfilesForRoleAsync(role.RoleName, ct)).Select(p => p.InstanceProfileName));

        // Tags on every taggable kind
        IamTaggable[] taggables = [IamTaggable.User(user.UserName), IamTaggable.Role(role.RoleName), IamTaggable.Policy(policy.Arn),
            IamTaggable.InstanceProfile(profile.InstanceProfileName)];
        foreach (var taggable in taggables)
        {
            await iam.TagAsync(taggable, [new IamTag("env", "test"), new IamTag("cost-center", "42")], ct);
            await iam.UntagAsync(taggable, ["cost-center"], ct);
            Assert.Equal([new IamTag("env", "test"), owner], (await iam.ListTagsAsync(taggable, ct)).OrderBy(t => t.Key, StringComparer.Ordinal));
        }

        // User credentials
        var key = await iam.CreateAccessKeyAsync(user.UserName, ct);
        Assert.Equal(40, key.SecretAccessKey.Length);
        await iam.UpdateAccessKeyAsync(user.UserName, key.AccessKeyId, AccessKeyStatus.Inactive, ct);
        Assert.Equal(AccessKeyStatus.Inactive, Assert.Single(await iam.ListAccessKeysAsync(user.UserName, ct)).Status);
        Assert.Null(await iam.GetLoginProfileAsync(user.UserName, ct));
        Assert.Empty(await iam.ListMfaDevicesAsync(user.UserName, ct));
        Assert.Empty(await iam.ListSigningCertificatesAsync(user.UserName, ct));
        Assert.Empty(await iam.ListSshPublicKeysAsync(user.UserName, ct));
        Assert.Empty(await iam.ListServiceSpecificCredentialsAsync(user.UserName, ct));
        Assert.Null(await iam.GetAccountPasswordPolicyAsync(ct));
        Assert.True((await iam.CreateLoginProfileAsync(user.UserName, "Correct-Horse-Battery-9", passwordResetRequired: true, ct)).PasswordResetRequired);
        await iam.UpdateLoginProfileAsync(user.UserName, "Correct-Horse-Battery-10", passwordResetRequired: false, ct);
        Assert.False((await iam.GetLoginProfileAsync(user.UserName, ct))!.PasswordResetRequired);
        var activeKey = await iam.CreateAccessKeyAsync(user.UserName, ct);
        Assert.Equal(user.Arn.Replace("/people/", "/staff/", StringComparison.Ordinal),
            (await iam.GetCallerIdentityAsync(new StaticIamCredentials(activeKey.AccessKeyId, activeKey.SecretAccessKey), ct)).Arn);
        await iam.DeleteAccessKeyAsync(user.UserName, activeKey.AccessKeyId, ct);
        await iam.SendAsync(new IamQueryParameters("UploadSigningCertificate").Add("UserName", user.UserName)
            .Add("CertificateBody", PublicKeyMaterial.NewCertificatePem()), ct);
        await iam.SendAsync(new IamQueryParameters("UploadSSHPublicKey").Add("UserName", user.UserName)
            .Add("SSHPublicKeyBody", PublicKeyMaterial.NewSshPublicKeyPem()), ct);
        await iam.SendAsync(new IamQueryParameters("CreateServiceSpecificCredential").Add("UserName", user.UserName)
            .Add("ServiceName", "codecommit.amazonaws.com"), ct);
        var virtualDevice = await iam.SendAsync(new IamQueryParameters("CreateVirtualMFADevice").Add("VirtualMFADeviceName", user.UserName), ct);
        var serial = virtualDevice.Elements().Single().Elements().Single(e => e.Name.LocalName == "SerialNumber").Value;
        await iam.SendAsync(new IamQueryParameters("EnableMFADevice").Add("UserName", user.UserName).Add("SerialNumber", serial)
            .Add("AuthenticationCode1", "123456").Add("AuthenticationCode2", "654321"), ct);
        Assert.NotNull(await iam.GetLoginProfileAsync(user.UserName, ct));
        var certificate = Assert.Single(await iam.ListSigningCertificatesAsync(user.UserName, ct));
        var sshKey = Assert.Single(await iam.ListSshPublicKeysAsync(user.UserName, ct));
        var gitCredential = Assert.Single(await iam.ListServiceSpecificCredentialsAsync(user.UserName, ct));
        Assert.Equal(("codecommit.amazonaws.com", CredentialStatus.Active), (gitCredential.ServiceName, gitCredential.Status));
        Assert.True(Assert.Single(await iam.ListMfaDevicesAsync(user.UserName, ct)).IsVirtual);

        // Bulk read
        Assert.Equal(10, (await iam.GetAccountSummaryAsync(ct))["AttachedPoliciesPerRoleQuota"]);
        var details = await iam.GetAccountAuthorizationDetailsAsync(
            AccountDetailsFilter.User | AccountDetailsFilter.Group | AccountDetailsFilter.Role | AccountDetailsFilter.LocalManagedPolicy, ct);
        var userDetail = Assert.Single(details.Users, u => u.User.UserName == user.UserName);
        Assert.Equal([group.GroupName], userDetail.GroupNames);
        Assert.Equal(["inline-logs"], userDetail.InlinePolicies.Select(p => p.PolicyName));
        Assert.Contains(details.Groups, g => g.Group.GroupName == group.GroupName);
        Assert.Equal([profile.InstanceProfileName], Assert.Single(details.Roles, r => r.Role.RoleName == role.RoleName).InstanceProfiles.Select(p => p.InstanceProfileName));
        Assert.Contains(details.Policies, p => p.Policy.Arn == policy.Arn && p.Versions.Count == 4);
        Assert.DoesNotContain(details.Policies, p => p.Policy.Arn.StartsWith("arn:aws:iam::aws:", StringComparison.Ordinal));
        var summary = await iam.GetAccountSummaryAsync(ct);
        Assert.True(summary["Users"] >= 1 && summary["Roles"] >= 1 && summary["UsersQuota"] > 0, string.Join(", ", summary));

        // Account password policy (replaced whole, then removed so the account's default rules apply again)
        await iam.UpdateAccountPasswordPolicyAsync(new AccountPasswordPolicySettings(8, RequireSymbols: false, RequireNumbers: true,
            RequireUppercaseCharacters: false, RequireLowercaseCharacters: false, AllowUsersToChangePassword: true, MaxPasswordAge: 90,
            PasswordReusePrevention: null, HardExpiry: false), ct);
        Assert.Equal((8, true, 90, (int?)null), await iam.GetAccountPasswordPolicyAsync(ct) is { } set
            ? (set.MinimumPasswordLength, set.RequireNumbers, set.MaxPasswordAge, set.PasswordReusePrevention) : default);
        await iam.DeleteAccountPasswordPolicyAsync(ct);
        Assert.Null(await iam.GetAccountPasswordPolicyAsync(ct));

        // Credential report: generated (or still fresh from an earlier run), then read as CSV
        Assert.Contains(await iam.GenerateCredentialReportAsync(ct), (CredentialReportState[])[CredentialReportState.Started, CredentialReportState.Complete]);
        var report = await iam.GetCredentialReportAsync(ct);
        Assert.Equal("text/csv", report.ReportFormat);
        Assert.StartsWith("user,arn,", System.Text.Encoding.UTF8.GetString(report.Content), StringComparison.Ordinal);

        // Policy simulator: the user's ReadOnlyAccess (its own and its group's) reads but does not write
        var simulated = await iam.SimulatePrincipalPolicyAsync((await iam.GetUserAsync(user.UserName, ct)).Arn, new PolicySimulationRequest(["ec2:DescribeInstances", "ec2:RunInstances"]), ct);
        Assert.Equal([SimulationDecision.Allowed, SimulationDecision.ImplicitDeny], simulated.Select(r => r.Decision));
        var custom = await iam.SimulateCustomPolicyAsync(new PolicySimulationRequest(["s3:GetObject"], PolicyInputList: [Document("s3:GetObject")]), ct);
        Assert.Equal(SimulationDecision.Allowed, Assert.Single(custom).Decision);

        // Tear down in IAM's deletion order
        await iam.DeleteLoginProfileAsync(user.UserName, ct);
        await iam.DeleteAccessKeyAsync(user.UserName, key.AccessKeyId, ct);
        await iam.DeleteSigningCertificateAsync(user.UserName, certificate.CertificateId, ct);
        await iam.DeleteSshPublicKeyAsync(user.UserName, sshKey.SshPublicKeyId, ct);
        await iam.DeleteServiceSpecificCredentialAsync(user.UserName, gitCredential.ServiceSpecificCredentialId, ct);
        await iam.DeactivateMfaDeviceAsync(user.UserName, serial, ct);
        await iam.DeleteVirtualMfaDeviceAsync(serial, ct);
        await iam.RemoveRoleFromInstanceProfileAsync(profile.InstanceProfileName, role.RoleName, ct);
        await iam.DeleteInstanceProfileAsync(profile.InstanceProfileName, ct);
        foreach (var principal in principals)
        {
            await iam.DeleteInlinePolicyAsync(principal, "inline-logs", ct);
            await iam.DetachPolicyAsync(principal, policy.Arn, ct);
            await iam.DetachPolicyAsync(principal, "arn:aws:iam::aws:policy/ReadOnlyAccess", ct);
        }
        foreach (var version in (await iam.ListPolicyVersionsAsync(policy.Arn, ct)).Where(v => !v.IsDefaultVersion))
            await iam.DeletePolicyVersionAsync(policy.Arn, version.VersionId, ct);
        await iam.DeletePolicyAsync(policy.Arn, ct);
        await iam.RemoveUserFromGroupAsync(group.GroupName, user.UserName, ct);
        await iam.DeleteGroupAsync(group.GroupName, ct);
        await iam.DeleteRoleAsync(role.RoleName, ct);
        await iam.DeleteUserAsync(user.UserName, ct);
        Assert.DoesNotContain(await iam.ListUsersAsync("/staff/", ct), u => u.UserName == user.UserName);
    }
}
