namespace IamOperator.Deploy.Tests;

/// <summary>
/// The chart's ValidatingAdmissionPolicy rejects Allow of "*" on "*" at admission. Its CEL runs
/// here in a CEL evaluator (@bufbuild/cel) against the same objects the API server would see.
/// </summary>
public sealed class AdmissionPolicyTests
{
    private static Task<RenderedManifests> Chart() => HelmChart.TemplateAsync();

    private const string UserWithoutPermissions = """
        {"apiVersion":"iamoperator.dev/v1alpha1","kind":"IamUser","metadata":{"name":"alice","namespace":"team-a"},
         "spec":{"groupRefs":[{"name":"developers"}]}}
        """;

    private static string Group(string statementJson) =>
        """{"apiVersion":"iamoperator.dev/v1alpha1","kind":"IamGroup","metadata":{"name":"ops","namespace":"team-a"},"spec":{"permissions":{"inlinePolicies":["""
        + """{"name":"read-logs","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:Get*","Resource":"*"}]}},"""
        + """{"name":"candidate","document":{"Version":"2012-10-17","Statement":""" + statementJson + "}}]}}}";

    private static string Policy(string statementJson) =>
        """{"apiVersion":"iamoperator.dev/v1alpha1","kind":"IamPolicy","metadata":{"name":"p","namespace":"team-a"},"spec":{"document":{"Version":"2012-10-17","Statement":"""
        + statementJson + "}}}";

    private static readonly string[] AllowEverythingForms =
    [
        """{"Effect":"Allow","Action":"*","Resource":"*"}""",
        """[{"Effect":"Allow","Action":["*"],"Resource":["*"]}]""",
        """[{"Effect":"Allow","Action":["s3:GetObject","*"],"Resource":["arn:aws:s3:::b/*","*"]}]""",
        """{"Effect":"Allow","Action":"*:*","Resource":"*"}""",
    ];

    private static readonly string[] ScopedOrDenyingForms =
    [
        """{"Effect":"Deny","Action":"*","Resource":"*"}""",
        """{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::logs/*"}""",
        """{"Effect":"Allow","Action":"s3:*","Resource":"*"}""",
        """[{"Effect":"Allow","Action":["ec2:Describe*"],"Resource":"*"},{"Effect":"Deny","NotAction":"*","Resource":"*"}]""",
    ];

    // Every sample is judged in one evaluator run: starting node is the slow part.
    private static readonly Lazy<Task<IReadOnlyDictionary<string, AdmissionVerdict>>> Verdicts = new(async () =>
    {
        var samples = AllowEverythingForms.Select(Group)
            .Concat(AllowEverythingForms.Select(Policy))
            .Concat(ScopedOrDenyingForms.Select(Group))
            .Concat(ScopedOrDenyingForms.Select(Policy))
            .Append(UserWithoutPermissions)
            .ToList();
        var verdicts = await AdmissionPolicy.EvaluateAsync(await Chart(), samples);
        return samples.Zip(verdicts).ToDictionary(p => p.First, p => p.Second);
    });

    private static async Task<AdmissionVerdict> EvaluateAsync(string objectJson) => (await Verdicts.Value)[objectJson];

    [DeployToolsFact]
    public async Task Inline_policy_allowing_everything_on_everything_is_rejected_in_every_statement_form_naming_the_policy()
    {
        foreach (var verdict in await Task.WhenAll(AllowEverythingForms.Select(Group).Select(EvaluateAsync)))
        {
            Assert.False(verdict.Allowed);
            var message = Assert.Single(verdict.Messages);
            Assert.Contains("spec.permissions.inlinePolicies[candidate].document", message);
            Assert.DoesNotContain("read-logs", message);
        }
    }

    [DeployToolsFact]
    public async Task IamPolicy_document_allowing_everything_on_everything_is_rejected()
    {
        foreach (var verdict in await Task.WhenAll(AllowEverythingForms.Select(Policy).Select(EvaluateAsync)))
        {
            Assert.False(verdict.Allowed);
            Assert.Contains("Allow of \"*\" on \"*\" is forbidden in spec.document", Assert.Single(verdict.Messages));
        }
    }

    [DeployToolsFact]
    public async Task Scoped_or_denying_statements_are_admitted()
    {
        var verdicts = await Task.WhenAll(ScopedOrDenyingForms.Select(Group).Concat(ScopedOrDenyingForms.Select(Policy)).Select(EvaluateAsync));

        Assert.All(verdicts, v => Assert.True(v.Allowed, string.Join("; ", v.Messages)));
    }

    [DeployToolsFact]
    public async Task Resources_without_permissions_are_admitted()
    {
        var verdict = await EvaluateAsync(UserWithoutPermissions);

        Assert.True(verdict.Allowed);
    }

    [DeployToolsFact]
    public async Task Policy_matches_the_four_kinds_on_create_and_update_and_its_binding_denies()
    {
        var rendered = await Chart();
        var policy = rendered.Single("ValidatingAdmissionPolicy");
        var binding = rendered.Single("ValidatingAdmissionPolicyBinding");
        var rule = Assert.Single(policy["spec"]!["matchConstraints"]!["resourceRules"]!.AsArray())!;

        Assert.Equal(["iamgroups", "iampolicies", "iamserviceroles", "iamusers"], rule["resources"]!.AsArray().Select(r => (string)r!).Order());
        Assert.Equal(["CREATE", "UPDATE"], rule["operations"]!.AsArray().Select(r => (string)r!).Order());
        Assert.Equal((string?)policy["metadata"]!["name"], (string?)binding["spec"]!["policyName"]);
        Assert.Equal(["Deny"], binding["spec"]!["validationActions"]!.AsArray().Select(a => (string)a!));
    }

    [DeployToolsFact]
    public async Task Admission_policy_can_be_turned_off()
    {
        var rendered = await HelmChart.TemplateAsync("admissionPolicy.enabled=false");

        Assert.Empty(rendered.OfKind("ValidatingAdmissionPolicy"));
        Assert.Empty(rendered.OfKind("ValidatingAdmissionPolicyBinding"));
    }
}
