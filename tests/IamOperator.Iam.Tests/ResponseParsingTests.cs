namespace IamOperator.Iam.Tests;

/// <summary>
/// Parsing of responses shaped like the examples in the IAM API reference (element names,
/// nesting and the order the reference shows them in), including URL-encoded documents and
/// multi-page lists.
/// </summary>
public class ResponseParsingTests
{
    private const string TrustPolicy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
    private static readonly string EncodedTrustPolicy = Uri.EscapeDataString(TrustPolicy);
    private const string DenyBilling = """{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"aws-portal:*","Resource":"*"}}""";
    private const string AdminRoot = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}""";

    [Fact]
    public async Task ListUsers_reads_every_page_following_Marker_until_IsTruncated_is_false()
    {
        var handler = FakeIamHandler.Answering(
            () => FakeIamHandler.Result("ListUsers", """
                <Users>
                  <member><UserId>AIDACKCEVSQ6C2EXAMPLE</UserId><Path>/division_abc/subdivision_xyz/engineering/</Path><UserName>Andrew</UserName>
                    <Arn>arn:aws:iam::123456789012:user/division_abc/subdivision_xyz/engineering/Andrew</Arn><CreateDate>2012-09-05T19:38:48Z</CreateDate>
                    <PasswordLastUsed>2014-09-08T21:47:36Z</PasswordLastUsed></member>
                  <member><UserId>AIDACKCEVSQ6C3EXAMPLE</UserId><Path>/division_abc/subdivision_xyz/engineering/</Path><UserName>Jackie</UserName>
                    <Arn>arn:aws:iam::123456789012:user/division_abc/subdivision_xyz/engineering/Jackie</Arn><CreateDate>2014-04-09T15:43:45Z</CreateDate></member>
                </Users>
                <IsTruncated>true</IsTruncated>
                <Marker>page-2-token</Marker>
                """),
            () => FakeIamHandler.Result("ListUsers", """
                <IsTruncated>false</IsTruncated>
                <Users>
                  <member><CreateDate>2014-04-10T10:00:00Z</CreateDate><Arn>arn:aws:iam::123456789012:user/Zoe</Arn><UserName>Zoe</UserName><Path>/</Path><UserId>AIDACKCEVSQ6C4EXAMPLE</UserId></member>
                </Users>
                """));
        using var client = TestClients.Over(handler);

        var users = await client.ListUsersAsync("/division_abc/", CancellationToken.None);

        Assert.Equal(["Andrew", "Jackie", "Zoe"], users.Select(u => u.UserName));
        Assert.Equal(new DateTimeOffset(2012, 9, 5, 19, 38, 48, TimeSpan.Zero), users[0].CreateDate);
        Assert.Equal("/division_abc/subdivision_xyz/engineering/", users[0].Path);
        Assert.Equal(2, handler.Requests.Count);
        Assert.False(handler.Requests[0].Form.ContainsKey("Marker"));
        Assert.Equal("page-2-token", handler.Requests[1].Form["Marker"]);
        Assert.All(handler.Requests, r => Assert.Equal("1000", r.Form["MaxItems"]));
        Assert.All(handler.Requests, r => Assert.Equal("/division_abc/", r.Form["PathPrefix"]));
    }

    [Fact]
    public async Task SimulatePrincipalPolicy_reads_missing_context_values_IAM_lists_per_resource_under_ResourceSpecificResults()
    {
        // API_EvaluationResult: with ResourceArns given, "any missing context values are instead included under the
        // ResourceSpecificResults section". A check on a resource must not read as decided when keys were missing.
        var handler = FakeIamHandler.Answering(() => FakeIamHandler.Result("SimulatePrincipalPolicy", """
            <EvaluationResults>
              <member>
                <EvalActionName>s3:GetObject</EvalActionName>
                <EvalResourceName>arn:aws:s3:::reports/q3.csv</EvalResourceName>
                <EvalDecision>implicitDeny</EvalDecision>
                <MatchedStatements/>
                <MissingContextValues/>
                <ResourceSpecificResults>
                  <member>
                    <EvalResourceName>arn:aws:s3:::reports/q3.csv</EvalResourceName>
                    <EvalResourceDecision>implicitDeny</EvalResourceDecision>
                    <MatchedStatements/>
                    <MissingContextValues><member>aws:SourceIp</member></MissingContextValues>
                  </member>
                </ResourceSpecificResults>
              </member>
            </EvaluationResults>
            <IsTruncated>false</IsTruncated>
            """));
        using var client = TestClients.Over(handler);

        var result = Assert.Single(await client.SimulatePrincipalPolicyAsync("arn:aws:iam::123456789012:user/alice",
            new PolicySimulationRequest(["s3:GetObject"], ["arn:aws:s3:::reports/q3.csv"]), CancellationToken.None));

        Assert.Equal(["aws:SourceIp"], result.MissingContextValues);
    }

    [Fact]
    public async Task GetRole_decodes_the_URL_encoded_trust_policy_and_reads_tags_and_boundary()
    {
        var handler = FakeIamHandler.Answering(() => FakeIamHandler.Result("GetRole", $"""
            <Role>
              <Path>/application_abc/component_xyz/</Path>
              <Arn>arn:aws:iam::123456789012:role/application_abc/component_xyz/S3Access</Arn>
              <RoleName>S3Access</RoleName>
              <AssumeRolePolicyDocument>{EncodedTrustPolicy}</AssumeRolePolicyDocument>
              <CreateDate>2012-05-08T23:34:01Z</CreateDate>
              <RoleId>AROADBQP57FF2AEXAMPLE</RoleId>
              <Description>Reads the data bucket</Description>
              <MaxSessionDuration>7200</MaxSessionDuration>
              <PermissionsBoundary>
                <PermissionsBoundaryType>Policy</PermissionsBoundaryType>
                <PermissionsBoundaryArn>arn:aws:iam::123456789012:policy/Boundary</PermissionsBoundaryArn>
              </PermissionsBoundary>
              <RoleLastUsed><LastUsedDate>2019-11-18T05:32:26Z</LastUsedDate><Region>us-east-2</Region></RoleLastUsed>
              <Tags><member><Key>iamoperator.dev/owner</Key><Value>team-a/s3-access</Value></member></Tags>
            </Role>
            """));
        using var client = TestClients.Over(handler);

        var role = await client.GetRoleAsync("S3Access", CancellationToken.None);

        Assert.Equal(TrustPolicy, role.AssumeRolePolicyDocument);
        Assert.Equal("AROADBQP57FF2AEXAMPLE", role.RoleId);
        Assert.Equal("Reads the data bucket", role.Description);
        Assert.Equal(7200, role.MaxSessionDuration);
        Assert.Equal("arn:aws:iam::123456789012:policy/Boundary", role.PermissionsBoundaryArn);
        Assert.Equal([new IamTag("iamoperator.dev/owner", "team-a/s3-access")], role.Tags);
    }

    [Fact]
    public async Task Inline_policy_document_is_returned_decoded()
    {
        const string document = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/a b+c%"}}""";
        var handler = FakeIamHandler.Answering(() => FakeIamHandler.Result("GetGroupPolicy", $"""
            <GroupName>Admins</GroupName>
            <PolicyName>AdminRoot</PolicyName>
            <PolicyDocument>{Uri.EscapeDataString(document)}</PolicyDocument>
            """));
        using var client = TestClients.Over(handler);

        var read = await client.GetInlinePolicyAsync(IamPrincipal.Group("Admins"), "AdminRoot", CancellationToken.None);

        Assert.Equal(document, read);
        Assert.Equal("GetGroupPolicy", handler.Requests[0].Action);
    }

    [Fact]
    public async Task GetPolicyVersion_decodes_the_document()
    {
        var handler = FakeIamHandler.Answering(() => FakeIamHandler.Result("GetPolicyVersion", $"""
            <PolicyVersion>
              <Document>{EncodedTrustPolicy}</Document>
              <IsDefaultVersion>true</IsDefaultVersion>
              <VersionId>v2</VersionId>
              <CreateDate>2014-09-15T20:31:47Z</CreateDate>
            </PolicyVersion>
            """));
        using var client = TestClients.Over(handler);

        var version = await client.GetPolicyVersionAsync("arn:aws:iam::123456789012:policy/S3-read-only", "v2", CancellationToken.None);

        Assert.Equal(new IamPolicyVersionInfo("v2", true, new DateTimeOffset(2014, 9, 15, 20, 31, 47, TimeSpan.Zero), TrustPolicy), version);
    }

    [Fact]
    public async Task GetAccountAuthorizationDetails_reads_users_groups_roles_and_policies_across_pages()
    {
        // Page 1 follows the API reference example's layout (IsTruncated first, GroupList before UserId,
        // plain-JSON documents as the example prints them); page 2 carries managed policies with encoded documents.
        var handler = FakeIamHandler.Answering(
            () => FakeIamHandler.Result("GetAccountAuthorizationDetails", $$"""
                <IsTruncated>true</IsTruncated>
                <UserDetailList>
                  <member>
                    <GroupList><member>Admins</member><member>Finance</member></GroupList>
                    <UserPolicyList><member><PolicyName>DenyBilling</PolicyName>
                      <PolicyDocument>{{DenyBilling}}</PolicyDocument></member></UserPolicyList>
                    <AttachedManagedPolicies><member><PolicyName>ReadOnlyAccess</PolicyName><PolicyArn>arn:aws:iam::aws:policy/ReadOnlyAccess</PolicyArn></member></AttachedManagedPolicies>
                    <UserId>AIDACKCEVSQ6C2EXAMPLE</UserId><Path>/</Path><UserName>Alice</UserName>
                    <Arn>arn:aws:iam::123456789012:user/Alice</Arn><CreateDate>2013-10-14T18:32:24Z</CreateDate>
                    <Tags><member><Key>team</Key><Value>platform</Value></member></Tags>
                  </member>
                </UserDetailList>
                <GroupDetailList>
                  <member>
                    <GroupId>AGPACKCEVSQ6C7EXAMPLE</GroupId><GroupName>Admins</GroupName><Path>/</Path>
                    <Arn>arn:aws:iam::123456789012:group/Admins</Arn><CreateDate>2013-10-14T18:32:24Z</CreateDate>
                    <GroupPolicyList><member><PolicyName>AdminRoot</PolicyName><PolicyDocument>{{Uri.EscapeDataString(AdminRoot)}}</PolicyDocument></member></GroupPolicyList>
                    <AttachedManagedPolicies/>
                  </member>
                </GroupDetailList>
                <RoleDetailList>
                  <member>
                    <RolePolicyList/>
                    <InstanceProfileList>
                      <member>
                        <InstanceProfileName>EC2role</InstanceProfileName>
                        <Roles><member><Path>/</Path><Arn>arn:aws:iam::123456789012:role/EC2role</Arn><RoleName>EC2role</RoleName>
                          <AssumeRolePolicyDocument>{{EncodedTrustPolicy}}</AssumeRolePolicyDocument><CreateDate>2014-07-30T17:09:20Z</CreateDate><RoleId>AROAFP4BKI7Y7TEXAMPLE</RoleId></member></Roles>
                        <Path>/</Path><Arn>arn:aws:iam::123456789012:instance-profile/EC2role</Arn>
                        <InstanceProfileId>AIPAFFYRBHWXW2EXAMPLE</InstanceProfileId><CreateDate>2014-07-30T17:09:20Z</CreateDate>
                      </member>
                    </InstanceProfileList>
                    <Path>/</Path><Arn>arn:aws:iam::123456789012:role/EC2role</Arn><RoleName>EC2role</RoleName>
                    <AssumeRolePolicyDocument>{{EncodedTrustPolicy}}</AssumeRolePolicyDocument>
                    <CreateDate>2014-07-30T17:09:20Z</CreateDate><RoleId>AROAFP4BKI7Y7TEXAMPLE</RoleId>
                    <AttachedManagedPolicies><member><PolicyName>AmazonS3FullAccess</PolicyName><PolicyArn>arn:aws:iam::aws:policy/AmazonS3FullAccess</PolicyArn></member></AttachedManagedPolicies>
                  </member>
                </RoleDetailList>
                <Marker>next-page</Marker>
                """),
            () => FakeIamHandler.Result("GetAccountAuthorizationDetails", $"""
                <Policies>
                  <member>
                    <PolicyName>S3-read-only</PolicyName><DefaultVersionId>v2</DefaultVersionId><PolicyId>ANPACKCEVSQ6C2EXAMPLE</PolicyId>
                    <Path>/</Path><Arn>arn:aws:iam::123456789012:policy/S3-read-only</Arn>
                    <AttachmentCount>1</AttachmentCount><PermissionsBoundaryUsageCount>0</PermissionsBoundaryUsageCount><IsAttachable>true</IsAttachable>
                    <CreateDate>2014-09-15T17:36:14Z</CreateDate><UpdateDate>2014-09-15T20:31:47Z</UpdateDate>
                    <PolicyVersionList>
                      <member><Document>{EncodedTrustPolicy}</Document><IsDefaultVersion>true</IsDefaultVersion><VersionId>v2</VersionId><CreateDate>2014-09-15T20:31:47Z</CreateDate></member>
                      <member><Document>{EncodedTrustPolicy}</Document><IsDefaultVersion>false</IsDefaultVersion><VersionId>v1</VersionId><CreateDate>2014-09-15T17:36:14Z</CreateDate></member>
                    </PolicyVersionList>
                  </member>
                </Policies>
                <IsTruncated>false</IsTruncated>
                """));
        using var client = TestClients.Over(handler);

        var details = await client.GetAccountAuthorizationDetailsAsync(AccountDetailsFilter.All, CancellationToken.None);

        var alice = Assert.Single(details.Users);
        Assert.Equal("Alice", alice.User.UserName);
        Assert.Equal(["Admins", "Finance"], alice.GroupNames);
        Assert.Equal([new AttachedPolicy("ReadOnlyAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess")], alice.AttachedPolicies);
        Assert.Equal("DenyBilling", Assert.Single(alice.InlinePolicies).PolicyName);
        Assert.Equal(DenyBilling, alice.InlinePolicies[0].Document);
        Assert.Equal([new IamTag("team", "platform")], alice.Tags);

        var admins = Assert.Single(details.Groups);
        Assert.Equal(AdminRoot, Assert.Single(admins.InlinePolicies).Document);
        Assert.Empty(admins.AttachedPolicies);

        var role = Assert.Single(details.Roles);
        Assert.Equal(TrustPolicy, role.Role.AssumeRolePolicyDocument);
        Assert.Equal(["EC2role"], Assert.Single(role.InstanceProfiles).RoleNames);
        Assert.Equal("arn:aws:iam::aws:policy/AmazonS3FullAccess", Assert.Single(role.AttachedPolicies).PolicyArn);

        var policy = Assert.Single(details.Policies);
        Assert.Equal("v2", policy.Policy.DefaultVersionId);
        Assert.Equal(1, policy.Policy.AttachmentCount);
        Assert.Equal(["v2", "v1"], policy.Versions.Select(v => v.VersionId));
        Assert.All(policy.Versions, v => Assert.Equal(TrustPolicy, v.Document));

        Assert.Equal("next-page", handler.Requests[1].Form["Marker"]);
        Assert.DoesNotContain(handler.Requests[0].Form.Keys, k => k.StartsWith("Filter", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateAccessKey_returns_the_secret_once()
    {
        var handler = FakeIamHandler.Answering(() => FakeIamHandler.Result("CreateAccessKey", """
            <AccessKey>
              <UserName>Bob</UserName>
              <AccessKeyId>AKIAIOSFODNN7EXAMPLE</AccessKeyId>
              <Status>Active</Status>
              <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
              <CreateDate>2015-03-09T18:39:23.411Z</CreateDate>
            </AccessKey>
            """));
        using var client = TestClients.Over(handler);

        var key = await client.CreateAccessKeyAsync("Bob", CancellationToken.None);

        Assert.Equal("AKIAIOSFODNN7EXAMPLE", key.AccessKeyId);
        Assert.Equal("wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY", key.SecretAccessKey);
        Assert.Equal(AccessKeyStatus.Active, key.Status);
        Assert.DoesNotContain(key.SecretAccessKey, key.ToString());
    }

    [Fact]
    public async Task ListEntitiesForPolicy_collects_users_groups_and_roles_from_every_page()
    {
        var handler = FakeIamHandler.Answering(
            () => FakeIamHandler.Result("ListEntitiesForPolicy", """
                <PolicyRoles><member><RoleName>DevRole</RoleName><RoleId>AROADBQP57FF2AEXAMPLE</RoleId></member></PolicyRoles>
                <PolicyGroups><member><GroupName>Dev</GroupName><GroupId>AGPACKCEVSQ6C2EXAMPLE</GroupId></member></PolicyGroups>
                <IsTruncated>true</IsTruncated><Marker>m2</Marker>
                <PolicyUsers><member><UserName>Alice</UserName><UserId>AIDACKCEVSQ6C2EXAMPLE</UserId></member></PolicyUsers>
                """),
            () => FakeIamHandler.Result("ListEntitiesForPolicy", """
                <PolicyUsers><member><UserName>Bob</UserName><UserId>AIDACKCEVSQ6C3EXAMPLE</UserId></member></PolicyUsers>
                <IsTruncated>false</IsTruncated>
                """));
        using var client = TestClients.Over(handler);

        var entities = await client.ListEntitiesForPolicyAsync("arn:aws:iam::123456789012:policy/EC2-Permissions", CancellationToken.None);

        Assert.Equal(["Alice", "Bob"], entities.UserNames);
        Assert.Equal(["Dev"], entities.GroupNames);
        Assert.Equal(["DevRole"], entities.RoleNames);
    }

    [Fact]
    public async Task Elements_are_found_without_a_namespace_and_in_any_order()
    {
        var handler = FakeIamHandler.Answering(() => FakeIamHandler.Xml("""
            <CreateGroupResponse>
              <ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>
              <CreateGroupResult>
                <Group><CreateDate>2026-01-01T00:00:00Z</CreateDate><Arn>arn:aws:iam::123456789012:group/ops/Admins</Arn><GroupId>AGPA1234567890EXAMPLE</GroupId><GroupName>Admins</GroupName><Path>/ops/</Path></Group>
              </CreateGroupResult>
            </CreateGroupResponse>
            """));
        using var client = TestClients.Over(handler);

        var group = await client.CreateGroupAsync("Admins", "/ops/", CancellationToken.None);

        Assert.Equal(new IamGroupInfo("Admins", "AGPA1234567890EXAMPLE", "arn:aws:iam::123456789012:group/ops/Admins", "/ops/",
            new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)), group);
    }

    [Fact]
    public async Task Login_profile_is_null_when_IAM_says_it_does_not_exist()
    {
        var handler = FakeIamHandler.Answering(() =>
            FakeIamHandler.Error("NoSuchEntity", "Login Profile for User Bob cannot be found.", System.Net.HttpStatusCode.NotFound));
        using var client = TestClients.Over(handler);

        Assert.Null(await client.GetLoginProfileAsync("Bob", CancellationToken.None));
    }

    [Fact]
    public async Task Login_profile_of_a_missing_user_still_fails_with_NoSuchEntity()
    {
        var handler = FakeIamHandler.Answering(() =>
            FakeIamHandler.Error("NoSuchEntity", "The user with name Ghost cannot be found.", System.Net.HttpStatusCode.NotFound));
        using var client = TestClients.Over(handler);

        var failure = await Assert.ThrowsAsync<IamApiException>(() => client.GetLoginProfileAsync("Ghost", CancellationToken.None));
        Assert.Equal(IamErrorCode.NoSuchEntity, failure.ErrorCode);
    }

    [Fact]
    public async Task ListSigningCertificates_reads_every_page_and_keeps_ids_and_status_but_not_bodies()
    {
        // The API reference's example omits UploadDate (optional in the SigningCertificate type).
        var handler = FakeIamHandler.Answering(
            () => FakeIamHandler.Result("ListSigningCertificates", """
                <UserName>Bob</UserName>
                <Certificates>
                  <member>
                    <UserName>Bob</UserName>
                    <CertificateId>TA7SMP42TDN5Z26OBPJE7EXAMPLE</CertificateId>
                    <CertificateBody>-----BEGIN CERTIFICATE-----MIICdzCCAeCgAwIBAgIGANc+Ha2wMA0GCSqGSIb3DQEBBQUAMFMxCzAJBgNVBAYT-----END CERTIFICATE-----</CertificateBody>
                    <Status>Active</Status>
                  </member>
                </Certificates>
                <IsTruncated>true</IsTruncated>
                <Marker>cert-page-2</Marker>
                """),
            () => FakeIamHandler.Result("ListSigningCertificates", """
                <Certificates>
                  <member><UserName>Bob</UserName><CertificateId>TB8SMP42TDN5Z26OBPJE7EXAMPLE</CertificateId><CertificateBody>-----BEGIN CERTIFICATE-----x-----END CERTIFICATE-----</CertificateBody>
                    <Status>Inactive</Status><UploadDate>2013-06-06T21:40:08Z</UploadDate></member>
                </Certificates>
                <IsTruncated>false</IsTruncated>
                """));
        using var client = TestClients.Over(handler);

        var certificates = await client.ListSigningCertificatesAsync("Bob", CancellationToken.None);

        Assert.Equal(
            [
                new SigningCertificateMetadata("Bob", "TA7SMP42TDN5Z26OBPJE7EXAMPLE", CredentialStatus.Active, null),
                new SigningCertificateMetadata("Bob", "TB8SMP42TDN5Z26OBPJE7EXAMPLE", CredentialStatus.Inactive, new DateTimeOffset(2013, 6, 6, 21, 40, 8, TimeSpan.Zero)),
            ],
            certificates);
        Assert.Equal("cert-page-2", handler.Requests[1].Form["Marker"]);
        Assert.All(handler.Requests, r => Assert.Equal("Bob", r.Form["UserName"]));
    }

    [Fact]
    public async Task ListSSHPublicKeys_reads_the_API_reference_example()
    {
        var handler = FakeIamHandler.Answering(() => FakeIamHandler.Result("ListSSHPublicKeys", """
            <SSHPublicKeys>
              <member>
                <UploadDate>2015-06-05T20:56:46Z</UploadDate>
                <Status>Active</Status>
                <UserName>Jane</UserName>
                <SSHPublicKeyId>APKAEIBAERJR2EXAMPLE</SSHPublicKeyId>
              </member>
            </SSHPublicKeys>
            <IsTruncated>false</IsTruncated>
            """));
        using var client = TestClients.Over(handler);

        var keys = await client.ListSshPublicKeysAsync("Jane", CancellationToken.None);

        Assert.Equal([new SshPublicKeyMetadata("Jane", "APKAEIBAERJR2EXAMPLE", CredentialStatus.Active, new DateTimeOffset(2015, 6, 5, 20, 56, 46, TimeSpan.Zero))], keys);
        Assert.Equal("ListSSHPublicKeys", Assert.Single(handler.Requests).Action);
    }

    [Fact]
    public async Task ListServiceSpecificCredentials_reads_Git_credentials_and_an_expired_Bedrock_key_across_pages()
    {
        var handler = FakeIamHandler.Answering(
            () => FakeIamHandler.Result("ListServiceSpecificCredentials", """
                <ServiceSpecificCredentials>
                  <member>
                    <UserName>Anika</UserName>
                    <Status>Active</Status>
                    <ServiceUserName>Anika-at-123456789012</ServiceUserName>
                    <CreateDate>2016-11-01T17:44:54Z</CreateDate>
                    <ServiceSpecificCredentialId>ACCA12345ABCDEXAMPLE</ServiceSpecificCredentialId>
                    <ServiceName>codecommit.amazonaws.com</ServiceName>
                  </member>
                </ServiceSpecificCredentials>
                <IsTruncated>true</IsTruncated>
                <Marker>ssc-2</Marker>
                """),
            () => FakeIamHandler.Result("ListServiceSpecificCredentials", """
                <ServiceSpecificCredentials>
                  <member>
                    <UserName>Anika</UserName><Status>Expired</Status><CreateDate>2025-07-08T10:00:00Z</CreateDate>
                    <ExpirationDate>2025-08-07T10:00:00Z</ExpirationDate><ServiceCredentialAlias>BedrockAPIKey-abcd-at-123456789012</ServiceCredentialAlias>
                    <ServiceSpecificCredentialId>ACCA67890ABCDEXAMPLE</ServiceSpecificCredentialId><ServiceName>bedrock.amazonaws.com</ServiceName>
                  </member>
                </ServiceSpecificCredentials>
                <IsTruncated>false</IsTruncated>
                """));
        using var client = TestClients.Over(handler);

        var credentials = await client.ListServiceSpecificCredentialsAsync("Anika", CancellationToken.None);

        Assert.Equal(
            [
                new ServiceSpecificCredentialMetadata("Anika", "ACCA12345ABCDEXAMPLE", "codecommit.amazonaws.com", CredentialStatus.Active, new DateTimeOffset(2016, 11, 1, 17, 44, 54, TimeSpan.Zero)),
                new ServiceSpecificCredentialMetadata("Anika", "ACCA67890ABCDEXAMPLE", "bedrock.amazonaws.com", CredentialStatus.Expired, new DateTimeOffset(2025, 7, 8, 10, 0, 0, TimeSpan.Zero)),
            ],
            credentials);
        Assert.Equal("ssc-2", handler.Requests[1].Form["Marker"]);
    }

    [Theory]
    [InlineData("arn:aws:iam::123456789012:mfa/alice", true)]
    [InlineData("arn:aws:iam::123456789012:mfa/people/alice", true)]
    [InlineData("arn:aws-us-gov:iam::123456789012:mfa/alice", true)]
    [InlineData("GAHT12345678", false)]
    [InlineData("arn:aws:iam::123456789012:u2f/user/alice/fidosecuritykey-ABCDEFGHIJKLMNOPQRSTUVWXYZ", false)]
    [InlineData("arn:aws:iam::123456789012:user/alice", false)]
    public void Only_an_mfa_ARN_is_a_virtual_MFA_device(string serialNumber, bool isVirtual) =>
        Assert.Equal(isVirtual, new MfaDeviceInfo("alice", serialNumber, DateTimeOffset.UnixEpoch).IsVirtual);
}
