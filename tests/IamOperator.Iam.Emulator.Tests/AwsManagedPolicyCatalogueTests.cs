using System.Text.Json;
using IamOperator.Iam.Emulator.Documents;
using IamOperator.Iam.Emulator.State;
using IamOperator.Iam.Emulator.Tests.Support;

namespace IamOperator.Iam.Emulator.Tests;

/// <summary>
/// Every AWS managed policy AWS publishes exists with its real path, ARN, default version and attachability
/// (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/policy-list.html); the ones manifests and
/// tests use carry their published document.
/// </summary>
public sealed class AwsManagedPolicyCatalogueTests
{
    [Theory]
    [InlineData("arn:aws:iam::aws:policy/AdministratorAccess", "v1", "\"Action\":\"*\"")]
    [InlineData("arn:aws:iam::aws:policy/PowerUserAccess", "v12", "\"NotAction\":[\"iam:*\",\"organizations:*\",\"account:*\"]")]
    [InlineData("arn:aws:iam::aws:policy/IAMFullAccess", "v2", "\"iam:*\"")]
    [InlineData("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", "v3", "\"s3:Get*\"")]
    [InlineData("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", "v1", "\"logs:PutLogEvents\"")]
    [InlineData("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore", "v2", "\"ssmmessages:CreateControlChannel\"")]
    [InlineData("arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess", "v4", "\"sqs:GetQueueAttributes\"")]
    [InlineData("arn:aws:iam::aws:policy/AWSLambda_ReadOnlyAccess", "v5", "\"lambda:Get*\"")]
    public async Task Policy_manifests_commonly_use_answers_its_published_default_version_and_document(string arn, string versionId, string excerpt)
    {
        await using var iam = await EmulatorHarness.StartAsync();

        var policy = await iam.OkAsync("GetPolicy", ("PolicyArn", arn));
        var version = await iam.OkAsync("GetPolicyVersion", ("PolicyArn", arn), ("VersionId", versionId));

        Assert.Equal(versionId, policy.Value("Policy/DefaultVersionId"));
        Assert.Equal("true", policy.Value("Policy/IsAttachable"));
        Assert.Contains(excerpt, Uri.UnescapeDataString(version.Value("PolicyVersion/Document")!), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AmazonSSMManagedInstanceCore")]
    [InlineData("AmazonSQSReadOnlyAccess")]
    [InlineData("AWSLambda_ReadOnlyAccess")]
    [InlineData("AmazonEKSClusterPolicy")]
    public async Task Policy_outside_the_former_25_can_be_attached_to_a_role(string name)
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateRole", ("RoleName", "app"), ("AssumeRolePolicyDocument", PolicyDocuments.Ec2Trust));

        await iam.OkAsync("AttachRolePolicy", ("RoleName", "app"), ("PolicyArn", $"arn:aws:iam::aws:policy/{name}"));

        Assert.Equal([name], (await iam.OkAsync("ListAttachedRolePolicies", ("RoleName", "app"))).Values("AttachedPolicies/member/PolicyName"));
    }

    [Fact]
    public async Task ListPolicies_with_scope_AWS_lists_every_catalogued_policy()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        var arns = new List<string>();
        string? marker = null;
        do
        {
            (string, string)[] parameters = marker is null ? [("Scope", "AWS"), ("MaxItems", "1000")] : [("Scope", "AWS"), ("MaxItems", "1000"), ("Marker", marker)];
            var page = await iam.OkAsync("ListPolicies", parameters);
            arns.AddRange(page.Values("Policies/member/Arn"));
            marker = page.Value("IsTruncated") == "true" ? page.Value("Marker") : null;
        }
        while (marker is not null);

        Assert.True(arns.Count > 1000, $"only {arns.Count} AWS managed policies");
        Assert.Equal(AwsManagedPolicies.All.Select(row => row.Arn).Order(StringComparer.Ordinal), arns.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Policies_reserved_for_service_linked_roles_are_not_attachable_and_every_other_path_is()
    {
        await using var iam = await EmulatorHarness.StartAsync();

        var serviceLinked = await iam.OkAsync("GetPolicy", ("PolicyArn", "arn:aws:iam::aws:policy/aws-service-role/AmazonEKSServiceRolePolicy"));
        var serviceRole = await iam.OkAsync("GetPolicy", ("PolicyArn", "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"));

        Assert.Equal("false", serviceLinked.Value("Policy/IsAttachable"));
        Assert.Equal("true", serviceRole.Value("Policy/IsAttachable"));
        Assert.Contains(AwsManagedPolicies.All, row => row.Path == "/aws-service-role/");
        Assert.Contains(AwsManagedPolicies.All, row => row.Path == "/job-function/");
    }

    [Fact]
    public async Task Abbreviated_document_is_a_valid_policy_that_grants_nothing()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        const string arn = "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy";
        var versionId = (await iam.OkAsync("GetPolicy", ("PolicyArn", arn))).Value("Policy/DefaultVersionId")!;

        var document = Uri.UnescapeDataString((await iam.OkAsync("GetPolicyVersion", ("PolicyArn", arn), ("VersionId", versionId))).Value("PolicyVersion/Document")!);

        Assert.Equal(AwsManagedPolicies.PlaceholderDocument, document);
        using var json = JsonDocument.Parse(document);
        var statement = json.RootElement.GetProperty("Statement")[0];
        Assert.Equal("Allow", statement.GetProperty("Effect").GetString());
        Assert.Equal("*", statement.GetProperty("NotAction").GetString());
    }

    [Fact]
    public void Catalogue_has_one_row_per_ARN_and_every_version_id_is_IAMs_form()
    {
        var rows = AwsManagedPolicies.All;

        Assert.Equal(rows.Count, rows.Select(row => row.Arn).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(rows.Count, rows.Select(row => row.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(rows, row => Assert.Matches("^v[1-9][0-9]*$", row.VersionId));
        Assert.All(rows, row => Assert.Matches(@"^/([\w+=,.@-]+/)*$", row.Path));
        Assert.All(rows, row => Assert.True(row.CreateDate <= row.UpdateDate, $"{row.Name} is updated before it is created"));
    }

    [Fact]
    public void Every_catalogued_document_is_a_valid_identity_policy()
    {
        var documents = AwsManagedPolicies.All.Select(row => (row.Name, Document: row.Document ?? AwsManagedPolicies.PlaceholderDocument));

        Assert.All(documents, policy => PolicyDocumentValidator.Validate(policy.Document, PolicyDocumentKind.Identity));
    }

    [Theory]
    [InlineData("AdministratorAccess")]
    [InlineData("PowerUserAccess")]
    [InlineData("IAMFullAccess")]
    [InlineData("AmazonS3ReadOnlyAccess")]
    [InlineData("AWSLambdaBasicExecutionRole")]
    [InlineData("AmazonSSMManagedInstanceCore")]
    [InlineData("AmazonSQSReadOnlyAccess")]
    [InlineData("AWSLambda_ReadOnlyAccess")]
    [InlineData("SecurityAudit")]
    [InlineData("ViewOnlyAccess")]
    public void Policies_tests_and_samples_use_carry_their_full_document(string name)
    {
        var row = Assert.Single(AwsManagedPolicies.All, row => row.Name == name);

        Assert.True(row.IsFullDocument);
        Assert.NotNull(row.Document);
    }

    [Theory]
    [InlineData("ReadOnlyAccess")]
    [InlineData("AWSSupportServiceRolePolicy")]
    public void Huge_documents_are_abbreviated_but_keep_a_representative_shortened_form(string name)
    {
        var row = Assert.Single(AwsManagedPolicies.All, row => row.Name == name);

        Assert.False(row.IsFullDocument);
        Assert.NotNull(row.Document);
        Assert.NotEqual(AwsManagedPolicies.PlaceholderDocument, row.Document);
    }
}
