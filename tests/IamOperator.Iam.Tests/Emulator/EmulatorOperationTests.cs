namespace IamOperator.Iam.Tests.Emulator;

/// <summary>The client against the IAM emulator over HTTP: every operation, and IAM's errors as typed exceptions.</summary>
public sealed class EmulatorOperationTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly IamQueryClient iam = emulator.Client();
    private static CancellationToken Ct => CancellationToken.None;

    public void Dispose() => iam.Dispose();

    private async Task<IamApiException> Fails(Func<Task> call, IamErrorCode expected, int status)
    {
        var failure = await Assert.ThrowsAsync<IamApiException>(call);
        Assert.Equal(expected, failure.ErrorCode);
        Assert.Equal(status, failure.HttpStatus);
        Assert.False(string.IsNullOrEmpty(failure.RequestId));
        return failure;
    }

    [Fact]
    public Task Every_operation_succeeds_through_a_full_lifecycle() => EveryOperationScenario.RunAsync(iam, "life", Ct);

    [Fact]
    public async Task SimulatePrincipalPolicy_reads_decisions_matched_statements_and_the_boundary_detail_for_every_action_and_resource()
    {
        var user = await iam.CreateUserAsync(new CreateUserRequest("sim-user"), Ct);
        await iam.AttachPolicyAsync(IamPrincipal.User("sim-user"), "arn:aws:iam::aws:policy/AdministratorAccess", Ct);
        await iam.PutInlinePolicyAsync(IamPrincipal.User("sim-user"), "no-iam",
            """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:*","Resource":"*"}]}""", Ct);
        await iam.PutPermissionsBoundaryAsync(IamPrincipal.User("sim-user"), "arn:aws:iam::aws:policy/PowerUserAccess", Ct);

        var results = await iam.SimulatePrincipalPolicyAsync(user.Arn,
            new PolicySimulationRequest(["s3:GetObject", "iam:CreateUser", "organizations:CreateAccount"], ["arn:aws:s3:::a/1", "arn:aws:s3:::b/2"]), Ct);

        Assert.Equal(6, results.Count);
        Assert.Equal(["arn:aws:s3:::a/1", "arn:aws:s3:::b/2"], results.Take(2).Select(r => r.ResourceName));
        Assert.Equal([SimulationDecision.Allowed, SimulationDecision.Allowed, SimulationDecision.ExplicitDeny, SimulationDecision.ExplicitDeny,
            SimulationDecision.ImplicitDeny, SimulationDecision.ImplicitDeny], results.Select(r => r.Decision));
        Assert.Equal(("no-iam", "user"), (results[2].MatchedStatements.Single().SourcePolicyId, results[2].MatchedStatements.Single().SourcePolicyType));
        Assert.Equal(new SimulationPosition(1, 38), results[2].MatchedStatements.Single().Start);
        Assert.Equal([true, true, false, false, false, false], results.Select(r => r.AllowedByPermissionsBoundary));
        Assert.All(results, r => Assert.Null(r.AllowedByOrganizations));
    }

    [Fact]
    public async Task SimulateCustomPolicy_sends_context_entries_with_IAMs_type_names_and_reads_missing_context_values()
    {
        const string document = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:RunInstances","Resource":"*","Condition":{"ForAnyValue:IpAddress":{"aws:SourceIp":"203.0.113.0/24"},"NumericLessThan":{"ec2:InstanceCount":"5"}}}]}""";

        var missing = await iam.SimulateCustomPolicyAsync(new PolicySimulationRequest(["ec2:RunInstances"], PolicyInputList: [document]), Ct);
        var supplied = await iam.SimulateCustomPolicyAsync(new PolicySimulationRequest(["ec2:RunInstances"], PolicyInputList: [document], ContextEntries:
            [new SimulationContextEntry("aws:SourceIp", SimulationContextKeyType.IpList, ["198.51.100.1", "203.0.113.9"]),
             new SimulationContextEntry("ec2:InstanceCount", SimulationContextKeyType.Numeric, ["2"])]), Ct);

        Assert.Equal(SimulationDecision.ImplicitDeny, Assert.Single(missing).Decision);
        Assert.Equal(["aws:SourceIp", "ec2:InstanceCount"], missing.Single().MissingContextValues);
        Assert.Equal(SimulationDecision.Allowed, Assert.Single(supplied).Decision);
        Assert.Equal(("PolicyInputList.1", "none"), (supplied.Single().MatchedStatements.Single().SourcePolicyId, supplied.Single().MatchedStatements.Single().SourcePolicyType));
    }

    [Fact]
    public async Task SimulatePrincipalPolicy_on_a_missing_principal_is_NoSuchEntity_and_SimulateCustomPolicy_needs_a_policy()
    {
        await Fails(() => iam.SimulatePrincipalPolicyAsync("arn:aws:iam::123456789012:role/sim-missing", new PolicySimulationRequest(["s3:GetObject"]), Ct),
            IamErrorCode.NoSuchEntity, 404);
        await Assert.ThrowsAsync<ArgumentException>(() => iam.SimulateCustomPolicyAsync(new PolicySimulationRequest(["s3:GetObject"]), Ct));
    }

    [Fact]
    public async Task A_console_password_and_an_MFA_device_block_DeleteUser_until_DeleteLoginProfile_and_DeactivateMFADevice_remove_them()
    {
        await iam.CreateUserAsync(new CreateUserRequest("mfa-user"), Ct);
        // State the operator never creates (passwords, MFA enrolment), made through the same signed client.
        await iam.SendAsync(new IamQueryParameters("CreateLoginProfile").Add("UserName", "mfa-user").Add("Password", "Correct-Horse-Battery-9"), Ct);
        await iam.SendAsync(new IamQueryParameters("CreateVirtualMFADevice").Add("VirtualMFADeviceName", "mfa-user"), Ct);
        await iam.SendAsync(new IamQueryParameters("EnableMFADevice").Add("UserName", "mfa-user")
            .Add("SerialNumber", "arn:aws:iam::123456789012:mfa/mfa-user").Add("AuthenticationCode1", "123456").Add("AuthenticationCode2", "654321"), Ct);
        Assert.NotNull(await iam.GetLoginProfileAsync("mfa-user", Ct));
        var device = Assert.Single(await iam.ListMfaDevicesAsync("mfa-user", Ct));
        await Fails(() => iam.DeleteUserAsync("mfa-user", Ct), IamErrorCode.DeleteConflict, 409);

        await iam.DeleteLoginProfileAsync("mfa-user", Ct);
        await iam.DeactivateMfaDeviceAsync("mfa-user", device.SerialNumber, Ct);

        Assert.Null(await iam.GetLoginProfileAsync("mfa-user", Ct));
        Assert.Empty(await iam.ListMfaDevicesAsync("mfa-user", Ct));
        await iam.DeleteUserAsync("mfa-user", Ct);
    }

    [Fact]
    public async Task Signing_certificates_SSH_keys_and_service_specific_credentials_made_outside_are_listed_and_deleted_so_DeleteUser_succeeds()
    {
        await iam.CreateUserAsync(new CreateUserRequest("keys-user"), Ct);
        using var outOfBand = new OutOfBandIam(emulator.Server);
        var certificateId = await outOfBand.UploadSigningCertificateAsync("keys-user");
        var sshKeyId = await outOfBand.UploadSshPublicKeyAsync("keys-user");
        var credentialId = await outOfBand.CreateServiceSpecificCredentialAsync("keys-user");

        var certificate = Assert.Single(await iam.ListSigningCertificatesAsync("keys-user", Ct));
        var sshKey = Assert.Single(await iam.ListSshPublicKeysAsync("keys-user", Ct));
        var credential = Assert.Single(await iam.ListServiceSpecificCredentialsAsync("keys-user", Ct));
        await Fails(() => iam.DeleteUserAsync("keys-user", Ct), IamErrorCode.DeleteConflict, 409);
        await iam.DeleteSigningCertificateAsync("keys-user", certificateId, Ct);
        await iam.DeleteSshPublicKeyAsync("keys-user", sshKeyId, Ct);
        await iam.DeleteServiceSpecificCredentialAsync("keys-user", credentialId, Ct);

        Assert.Equal(("keys-user", certificateId, CredentialStatus.Active), (certificate.UserName, certificate.CertificateId, certificate.Status));
        Assert.NotNull(certificate.UploadDate);
        Assert.Equal(("keys-user", sshKeyId, CredentialStatus.Active), (sshKey.UserName, sshKey.SshPublicKeyId, sshKey.Status));
        Assert.Equal(("keys-user", credentialId, "codecommit.amazonaws.com", CredentialStatus.Active),
            (credential.UserName, credential.ServiceSpecificCredentialId, credential.ServiceName, credential.Status));
        Assert.Empty(await iam.ListSigningCertificatesAsync("keys-user", Ct));
        Assert.Empty(await iam.ListSshPublicKeysAsync("keys-user", Ct));
        Assert.Empty(await iam.ListServiceSpecificCredentialsAsync("keys-user", Ct));
        await iam.DeleteUserAsync("keys-user", Ct);
    }

    [Fact]
    public async Task Deleting_an_unknown_certificate_SSH_key_service_specific_credential_or_virtual_MFA_device_fails_with_NoSuchEntity()
    {
        await iam.CreateUserAsync(new CreateUserRequest("no-keys-user"), Ct);

        await Fails(() => iam.DeleteSigningCertificateAsync("no-keys-user", "TA7SMP42TDN5Z26OBPJE7EXAMPLE", Ct), IamErrorCode.NoSuchEntity, 404);
        await Fails(() => iam.DeleteSshPublicKeyAsync("no-keys-user", "APKAEIBAERJR2EXAMPLE", Ct), IamErrorCode.NoSuchEntity, 404);
        await Fails(() => iam.DeleteServiceSpecificCredentialAsync("no-keys-user", "ACCA12345ABCDEXAMPLE", Ct), IamErrorCode.NoSuchEntity, 404);
        await Fails(() => iam.DeleteVirtualMfaDeviceAsync("arn:aws:iam::123456789012:mfa/no-keys-user", Ct), IamErrorCode.NoSuchEntity, 404);
    }

    [Fact]
    public async Task Listing_credentials_of_a_missing_user_fails_with_NoSuchEntity()
    {
        await Fails(() => iam.ListSigningCertificatesAsync("nobody-here", Ct), IamErrorCode.NoSuchEntity, 404);
        await Fails(() => iam.ListSshPublicKeysAsync("nobody-here", Ct), IamErrorCode.NoSuchEntity, 404);
        await Fails(() => iam.ListServiceSpecificCredentialsAsync("nobody-here", Ct), IamErrorCode.NoSuchEntity, 404);
    }

    [Fact]
    public async Task A_virtual_MFA_device_fails_DeleteVirtualMFADevice_with_DeleteConflict_until_DeactivateMFADevice()
    {
        await iam.CreateUserAsync(new CreateUserRequest("virtual-mfa-user"), Ct);
        using var outOfBand = new OutOfBandIam(emulator.Server);
        var serial = await outOfBand.EnableVirtualMfaDeviceAsync("virtual-mfa-user");

        await Fails(() => iam.DeleteVirtualMfaDeviceAsync(serial, Ct), IamErrorCode.DeleteConflict, 409);
        await iam.DeactivateMfaDeviceAsync("virtual-mfa-user", serial, Ct);
        await iam.DeleteVirtualMfaDeviceAsync(serial, Ct);

        Assert.DoesNotContain(serial, await outOfBand.VirtualMfaDevicesAsync());
        await iam.DeleteUserAsync("virtual-mfa-user", Ct);
    }

    [Fact]
    public async Task Creating_a_user_twice_ignoring_case_fails_with_EntityAlreadyExists()
    {
        await iam.CreateUserAsync(new CreateUserRequest("dup-user"), Ct);
        await Fails(() => iam.CreateUserAsync(new CreateUserRequest("DUP-USER"), Ct), IamErrorCode.EntityAlreadyExists, 409);
    }

    [Fact]
    public async Task Reading_a_missing_entity_fails_with_NoSuchEntity()
    {
        await Fails(() => iam.GetUserAsync("nobody-here", Ct), IamErrorCode.NoSuchEntity, 404);
        await Fails(() => iam.GetRoleAsync("no-role-here", Ct), IamErrorCode.NoSuchEntity, 404);
        await Fails(() => iam.GetPolicyAsync("arn:aws:iam::123456789012:policy/none", Ct), IamErrorCode.NoSuchEntity, 404);
        await Fails(() => iam.AttachPolicyAsync(IamPrincipal.Group("no-group-here"), "arn:aws:iam::aws:policy/ReadOnlyAccess", Ct), IamErrorCode.NoSuchEntity, 404);
        await Fails(() => iam.DeleteLoginProfileAsync("nobody-here", Ct), IamErrorCode.NoSuchEntity, 404);
    }

    [Fact]
    public async Task Deleting_a_user_with_an_access_key_or_a_group_with_members_fails_with_DeleteConflict()
    {
        await iam.CreateUserAsync(new CreateUserRequest("conflict-user"), Ct);
        await iam.CreateAccessKeyAsync("conflict-user", Ct);
        await Fails(() => iam.DeleteUserAsync("conflict-user", Ct), IamErrorCode.DeleteConflict, 409);

        await iam.CreateGroupAsync("conflict-group", null, Ct);
        await iam.AddUserToGroupAsync("conflict-group", "conflict-user", Ct);
        await Fails(() => iam.DeleteGroupAsync("conflict-group", Ct), IamErrorCode.DeleteConflict, 409);
    }

    [Fact]
    public async Task A_third_access_key_fails_with_LimitExceeded()
    {
        await iam.CreateUserAsync(new CreateUserRequest("key-limit-user"), Ct);
        await iam.CreateAccessKeyAsync("key-limit-user", Ct);
        await iam.CreateAccessKeyAsync("key-limit-user", Ct);
        await Fails(() => iam.CreateAccessKeyAsync("key-limit-user", Ct), IamErrorCode.LimitExceeded, 409);
    }

    [Fact]
    public async Task An_invalid_policy_document_fails_with_MalformedPolicyDocument()
    {
        await Fails(() => iam.CreatePolicyAsync(new CreatePolicyRequest("broken-policy", "{ not json"), Ct), IamErrorCode.MalformedPolicyDocument, 400);
    }

    [Fact]
    public async Task A_name_outside_IAMs_character_set_fails_with_InvalidInput()
    {
        var failure = await Fails(() => iam.CreateUserAsync(new CreateUserRequest("bad name!"), Ct), IamErrorCode.InvalidInput, 400);
        Assert.Contains("userName", failure.IamMessage, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Deleting_an_AWS_managed_policy_fails_with_AccessDenied()
    {
        await Fails(() => iam.DeletePolicyAsync("arn:aws:iam::aws:policy/ReadOnlyAccess", Ct), IamErrorCode.AccessDenied, 403);
    }

    [Fact]
    public async Task Attaching_a_service_linked_role_policy_to_a_user_fails_with_PolicyNotAttachable()
    {
        await iam.CreateUserAsync(new CreateUserRequest("attach-user"), Ct);
        await Fails(() => iam.AttachPolicyAsync(IamPrincipal.User("attach-user"),
            "arn:aws:iam::aws:policy/aws-service-role/AWSSupportServiceRolePolicy", Ct), IamErrorCode.PolicyNotAttachable, 400);
    }

    [Fact]
    public async Task Lists_longer_than_a_page_are_read_completely()
    {
        for (var i = 0; i < 120; i++)
            await iam.CreateUserAsync(new CreateUserRequest($"paged-{i:000}", "/paged/"), Ct);

        var users = await iam.ListUsersAsync("/paged/", Ct);

        Assert.Equal(120, users.Count);
        Assert.Equal(120, users.Select(u => u.UserName).Distinct().Count());
    }
}
