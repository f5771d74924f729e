using IamOperator.Iam.Emulator.Tests.Support;

namespace IamOperator.Iam.Emulator.Tests;

/// <summary>Managed policies and versions: https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html and neighbours.</summary>
public sealed class ManagedPolicyTests
{
    private const string Arn = "arn:aws:iam::123456789012:policy/teams/read-s3";

    [Fact]
    public async Task CreatePolicy_returns_ANPA_id_ARN_with_path_and_version_v1_as_default()
    {
        await using var iam = await EmulatorHarness.StartAsync();

        var response = await iam.OkAsync("CreatePolicy", ("PolicyName", "read-s3"), ("Path", "/teams/"), ("PolicyDocument", PolicyDocuments.ReadS3), ("Description", "read"));

        Assert.Matches("^ANPA[A-Z2-7]{17}$", response.Value("Policy/PolicyId"));
        Assert.Equal(Arn, response.Value("Policy/Arn"));
        Assert.Equal("v1", response.Value("Policy/DefaultVersionId"));
        Assert.Equal("0", response.Value("Policy/AttachmentCount"));
        Assert.Equal("true", response.Value("Policy/IsAttachable"));
    }

    [Fact]
    public async Task Policy_names_are_unique_ignoring_case_and_path()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreatePolicy", ("PolicyName", "Read"), ("PolicyDocument", PolicyDocuments.ReadS3));

        Assert.Equal("EntityAlreadyExists", (await iam.CallAsync("CreatePolicy", ("PolicyName", "read"), ("Path", "/other/"), ("PolicyDocument", PolicyDocuments.ReadS3))).ErrorCode);
    }

    [Fact]
    public async Task GetPolicyVersion_returns_the_document_URL_encoded()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreatePolicy", ("PolicyName", "read-s3"), ("Path", "/teams/"), ("PolicyDocument", PolicyDocuments.ReadS3));

        var response = await iam.OkAsync("GetPolicyVersion", ("PolicyArn", Arn), ("VersionId", "v1"));

        Assert.Equal(Uri.EscapeDataString(PolicyDocuments.ReadS3), response.Value("PolicyVersion/Document"));
        Assert.Equal("true", response.Value("PolicyVersion/IsDefaultVersion"));
    }

    [Fact]
    public async Task Sixth_version_answers_LimitExceeded_until_an_old_one_is_deleted()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreatePolicy", ("PolicyName", "read-s3"), ("Path", "/teams/"), ("PolicyDocument", PolicyDocuments.ReadS3));
        for (var index = 2; index <= 5; index++)
        {
            await iam.OkAsync("CreatePolicyVersion", ("PolicyArn", Arn), ("PolicyDocument", PolicyDocuments.ListBuckets), ("SetAsDefault", "true"));
        }

        var sixth = await iam.CallAsync("CreatePolicyVersion", ("PolicyArn", Arn), ("PolicyDocument", PolicyDocuments.ReadS3));
        await iam.OkAsync("DeletePolicyVersion", ("PolicyArn", Arn), ("VersionId", "v1"));
        var created = await iam.OkAsync("CreatePolicyVersion", ("PolicyArn", Arn), ("PolicyDocument", PolicyDocuments.ReadS3));

        Assert.Equal("LimitExceeded", sixth.ErrorCode);
        Assert.Equal("v6", created.Value("PolicyVersion/VersionId"));
        Assert.Equal(["v6", "v5", "v4", "v3", "v2"], (await iam.OkAsync("ListPolicyVersions", ("PolicyArn", Arn))).Values("Versions/member/VersionId"));
    }

    [Fact]
    public async Task Default_version_cannot_be_deleted_and_SetDefaultPolicyVersion_moves_it()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreatePolicy", ("PolicyName", "read-s3"), ("Path", "/teams/"), ("PolicyDocument", PolicyDocuments.ReadS3));
        await iam.OkAsync("CreatePolicyVersion", ("PolicyArn", Arn), ("PolicyDocument", PolicyDocuments.ListBuckets));

        Assert.Equal("DeleteConflict", (await iam.CallAsync("DeletePolicyVersion", ("PolicyArn", Arn), ("VersionId", "v1"))).ErrorCode);
        await iam.OkAsync("SetDefaultPolicyVersion", ("PolicyArn", Arn), ("VersionId", "v2"));

        Assert.Equal("v2", (await iam.OkAsync("GetPolicy", ("PolicyArn", Arn))).Value("Policy/DefaultVersionId"));
        await iam.OkAsync("DeletePolicyVersion", ("PolicyArn", Arn), ("VersionId", "v1"));
    }

    [Fact]
    public async Task DeletePolicy_answers_DeleteConflict_while_attached_or_with_non_default_versions()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreatePolicy", ("PolicyName", "read-s3"), ("Path", "/teams/"), ("PolicyDocument", PolicyDocuments.ReadS3));
        await iam.OkAsync("CreatePolicyVersion", ("PolicyArn", Arn), ("PolicyDocument", PolicyDocuments.ListBuckets));
        await iam.OkAsync("CreateGroup", ("GroupName", "devs"));
        await iam.OkAsync("AttachGroupPolicy", ("GroupName", "devs"), ("PolicyArn", Arn));

        Assert.Equal("DeleteConflict", (await iam.CallAsync("DeletePolicy", ("PolicyArn", Arn))).ErrorCode);
        await iam.OkAsync("DetachGroupPolicy", ("GroupName", "devs"), ("PolicyArn", Arn));
        var versions = await iam.CallAsync("DeletePolicy", ("PolicyArn", Arn));
        Assert.Equal("DeleteConflict", versions.ErrorCode);
        Assert.Contains("version", versions.ErrorMessage);
        await iam.OkAsync("DeletePolicyVersion", ("PolicyArn", Arn), ("VersionId", "v2"));
        await iam.OkAsync("DeletePolicy", ("PolicyArn", Arn));
        Assert.Equal("NoSuchEntity", (await iam.CallAsync("GetPolicy", ("PolicyArn", Arn))).ErrorCode);
    }

    [Theory]
    [InlineData("arn:aws:iam::aws:policy/AdministratorAccess", "/")]
    [InlineData("arn:aws:iam::aws:policy/PowerUserAccess", "/")]
    [InlineData("arn:aws:iam::aws:policy/ReadOnlyAccess", "/")]
    [InlineData("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", "/")]
    [InlineData("arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess", "/")]
    [InlineData("arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess", "/")]
    [InlineData("arn:aws:iam::aws:policy/IAMReadOnlyAccess", "/")]
    [InlineData("arn:aws:iam::aws:policy/SecurityAudit", "/")]
    [InlineData("arn:aws:iam::aws:policy/AWSLambda_FullAccess", "/")]
    [InlineData("arn:aws:iam::aws:policy/CloudWatchLogsFullAccess", "/")]
    [InlineData("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", "/service-role/")]
    [InlineData("arn:aws:iam::aws:policy/job-function/ViewOnlyAccess", "/job-function/")]
    [InlineData("arn:aws:iam::aws:policy/job-function/Billing", "/job-function/")]
    [InlineData("arn:aws:iam::aws:policy/job-function/DatabaseAdministrator", "/job-function/")]
    [InlineData("arn:aws:iam::aws:policy/job-function/DataScientist", "/job-function/")]
    [InlineData("arn:aws:iam::aws:policy/job-function/NetworkAdministrator", "/job-function/")]
    [InlineData("arn:aws:iam::aws:policy/job-function/SystemAdministrator", "/job-function/")]
    [InlineData("arn:aws:iam::aws:policy/job-function/SupportUser", "/job-function/")]
    public async Task AWS_managed_policy_exists_with_its_real_ARN_and_path_and_a_valid_document(string arn, string path)
    {
        await using var iam = await EmulatorHarness.StartAsync();

        var policy = await iam.OkAsync("GetPolicy", ("PolicyArn", arn));
        var version = await iam.OkAsync("GetPolicyVersion", ("PolicyArn", arn), ("VersionId", policy.Value("Policy/DefaultVersionId")!));

        Assert.Equal(path, policy.Value("Policy/Path"));
        using var document = System.Text.Json.JsonDocument.Parse(Uri.UnescapeDataString(version.Value("PolicyVersion/Document")!));
        Assert.Equal("2012-10-17", document.RootElement.GetProperty("Version").GetString());
    }

    [Fact]
    public async Task AWS_managed_policy_cannot_be_deleted_or_given_a_new_version()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        const string admin = "arn:aws:iam::aws:policy/AdministratorAccess";

        var delete = await iam.CallAsync("DeletePolicy", ("PolicyArn", admin));
        var version = await iam.CallAsync("CreatePolicyVersion", ("PolicyArn", admin), ("PolicyDocument", PolicyDocuments.ReadS3));

        Assert.Equal(403, delete.Status);
        Assert.Equal("AccessDenied", delete.ErrorCode);
        Assert.Equal("AccessDenied", version.ErrorCode);
        await iam.OkAsync("GetPolicy", ("PolicyArn", admin));
    }

    [Fact]
    public async Task ListPolicies_scopes_to_local_or_AWS_and_to_attached_ones()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreatePolicy", ("PolicyName", "read-s3"), ("Path", "/teams/"), ("PolicyDocument", PolicyDocuments.ReadS3));
        await iam.OkAsync("CreateUser", ("UserName", "alice"));
        await iam.OkAsync("AttachUserPolicy", ("UserName", "alice"), ("PolicyArn", "arn:aws:iam::aws:policy/ReadOnlyAccess"));

        Assert.Equal(["read-s3"], (await iam.OkAsync("ListPolicies", ("Scope", "Local"))).Values("Policies/member/PolicyName"));
        Assert.Equal(["ReadOnlyAccess"], (await iam.OkAsync("ListPolicies", ("Scope", "AWS"), ("OnlyAttached", "true"))).Values("Policies/member/PolicyName"));
        Assert.Contains("job-function/", string.Join(",", (await iam.OkAsync("ListPolicies", ("Scope", "AWS"), ("PathPrefix", "/job-function/"))).Values("Policies/member/Arn")));
    }

    [Fact]
    public async Task ListEntitiesForPolicy_lists_attached_users_groups_and_roles()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        const string policy = "arn:aws:iam::aws:policy/ReadOnlyAccess";
        await iam.OkAsync("CreateUser", ("UserName", "alice"));
        await iam.OkAsync("CreateGroup", ("GroupName", "devs"));
        await iam.OkAsync("CreateRole", ("RoleName", "app"), ("AssumeRolePolicyDocument", PolicyDocuments.Ec2Trust));
        await iam.OkAsync("AttachUserPolicy", ("UserName", "alice"), ("PolicyArn", policy));
        await iam.OkAsync("AttachGroupPolicy", ("GroupName", "devs"), ("PolicyArn", policy));
        await iam.OkAsync("AttachRolePolicy", ("RoleName", "app"), ("PolicyArn", policy));

        var response = await iam.OkAsync("ListEntitiesForPolicy", ("PolicyArn", policy));

        Assert.Equal(["alice"], response.Values("PolicyUsers/member/UserName"));
        Assert.Equal(["devs"], response.Values("PolicyGroups/member/GroupName"));
        Assert.Equal(["app"], response.Values("PolicyRoles/member/RoleName"));
        Assert.Equal("3", (await iam.OkAsync("GetPolicy", ("PolicyArn", policy))).Value("Policy/AttachmentCount"));
    }
}
