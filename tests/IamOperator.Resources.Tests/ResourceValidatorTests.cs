using System.Text.Json;
using IamOperator.Resources.Rules;
using k8s.Models;

namespace IamOperator.Resources.Tests;

public class ResourceValidatorTests
{
    private static readonly JsonElement Document = JsonDocument.Parse("""{"Version":"2012-10-17","Statement":[]}""").RootElement;

    private static IamUser User(string name = "alice", Action<IamUserSpec>? spec = null)
    {
        var user = new IamUser { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "team" } };
        spec?.Invoke(user.Spec);
        return user;
    }

    private static IamServiceRole Role(Action<IamServiceRoleSpec>? spec = null)
    {
        var role = new IamServiceRole { Metadata = new V1ObjectMeta { Name = "role", NamespaceProperty = "team" } };
        role.Spec.Trust.Services = ["ec2.amazonaws.com"];
        spec?.Invoke(role.Spec);
        return role;
    }

    private static IamGroup Group(string name = "devs", Action<IamGroupSpec>? spec = null)
    {
        var group = new IamGroup { Metadata = new V1ObjectMeta { Name = name } };
        spec?.Invoke(group.Spec);
        return group;
    }

    private static IamPolicy Policy(Action<IamPolicySpec>? spec = null)
    {
        var policy = new IamPolicy { Metadata = new V1ObjectMeta { Name = "policy" } };
        policy.Spec.Document = Document;
        spec?.Invoke(policy.Spec);
        return policy;
    }

    private static ResourceProblem Single(IIamResource resource) => Assert.Single(ResourceValidator.Validate(resource));

    [Fact]
    public void Minimal_resources_of_every_kind_are_valid()
    {
        Assert.Empty(ResourceValidator.Validate(User()));
        Assert.Empty(ResourceValidator.Validate(Group()));
        Assert.Empty(ResourceValidator.Validate(Role()));
        Assert.Empty(ResourceValidator.Validate(Policy()));
    }

    [Theory]
    [InlineData("alice.johnson")]
    [InlineData("svc+deploy=1,ci@corp_x-y")]
    public void IamName_allows_IAMs_name_characters(string iamName) =>
        Assert.Empty(ResourceValidator.Validate(User(spec: s => s.IamName = iamName)));

    [Theory]
    [InlineData("alice johnson")]
    [InlineData("alice/johnson")]
    [InlineData("ålice")]
    [InlineData("")]
    public void IamName_rejects_other_characters(string iamName) =>
        Assert.Equal("spec.iamName", Single(User(spec: s => s.IamName = iamName)).FieldPath);

    [Fact]
    public void User_and_role_names_are_at_most_64_characters()
    {
        Assert.Empty(ResourceValidator.Validate(User(spec: s => s.IamName = new string('u', 64))));
        Assert.Contains("at most 64", Single(User(spec: s => s.IamName = new string('u', 65))).Message.Replace("more than", "at most"));
        Assert.Contains("64", Single(Role(s => s.IamName = new string('r', 65))).Message);
    }

    [Fact]
    public void Group_and_policy_names_are_at_most_128_characters()
    {
        Assert.Empty(ResourceValidator.Validate(Group(spec: s => s.IamName = new string('g', 128))));
        Assert.Equal("spec.iamName", Single(Group(spec: s => s.IamName = new string('g', 129))).FieldPath);
        Assert.Equal("spec.iamName", Single(Policy(s => s.IamName = new string('p', 129))).FieldPath);
    }

    [Fact]
    public void Metadata_name_used_as_IAM_name_must_fit_the_IAM_limit()
    {
        var longName = new string('a', 70);
        var problem = Single(User(longName));
        Assert.Contains("may not be more than 64 characters", problem.Message);
        Assert.Empty(ResourceValidator.Validate(User(longName, s => s.IamName = "alice")));
        Assert.Empty(ResourceValidator.Validate(Group(longName)));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/teams/")]
    [InlineData("/a/b-c/d_e/")]
    public void Path_allows_slash_delimited_printable_ascii(string path) =>
        Assert.Empty(ResourceValidator.Validate(Group(spec: s => s.Path = path)));

    [Theory]
    [InlineData("teams/")]
    [InlineData("/teams")]
    [InlineData("/te ams/")]
    [InlineData("//")]
    public void Path_rejects_what_IAM_rejects(string path) =>
        Assert.Equal("spec.path", Single(Group(spec: s => s.Path = path)).FieldPath);

    [Fact]
    public void Path_is_at_most_512_characters() =>
        Assert.Contains("512", Single(Group(spec: s => s.Path = "/" + new string('p', 511) + "/")).Message);

    [Theory]
    [InlineData(3599, false)]
    [InlineData(3600, true)]
    [InlineData(43200, true)]
    [InlineData(43201, false)]
    public void MaxSessionDuration_is_between_one_and_twelve_hours(int seconds, bool valid) =>
        Assert.Equal(valid, ResourceValidator.Validate(Role(s => s.MaxSessionDurationSeconds = seconds)).Count == 0);

    [Fact]
    public void Trust_needs_exactly_one_form()
    {
        var none = Single(Role(s => s.Trust.Services = null));
        Assert.Equal("spec.trust", none.FieldPath);
        Assert.Contains("exactly one of trust.services, trust.serviceAccounts or trust.document", none.Message);

        var two = Single(Role(s => s.Trust.Document = Document));
        Assert.Equal("spec.trust", two.FieldPath);
    }

    [Fact]
    public void Trust_services_are_from_the_known_list_and_unique()
    {
        var unknown = Single(Role(s => s.Trust.Services = ["ec2.amazonaws.com", "ec3.amazonaws.com"]));
        Assert.Equal("spec.trust.services[1]", unknown.FieldPath);
        Assert.StartsWith("Unsupported value: \"ec3.amazonaws.com\"", unknown.Message);

        Assert.StartsWith("Duplicate value", Single(Role(s => s.Trust.Services = ["ec2.amazonaws.com", "ec2.amazonaws.com"])).Message);
    }

    [Fact]
    public void Service_account_trust_needs_a_provider_arn_and_subjects()
    {
        var role = Role(s =>
        {
            s.Trust.Services = null;
            s.Trust.ServiceAccounts = new ServiceAccountTrustSpec { OidcProviderArn = "oidc.eks.us-east-1.amazonaws.com/id/X", Subjects = [] };
        });
        Assert.Equal(["spec.trust.serviceAccounts.oidcProviderArn", "spec.trust.serviceAccounts.subjects"],
            ResourceValidator.Validate(role).Select(p => p.FieldPath).Order());
    }

    [Fact]
    public void Permissions_boundary_needs_exactly_one_of_arn_and_ref()
    {
        var both = Single(User(spec: s => s.PermissionsBoundary = new PermissionsBoundarySpec
        {
            PolicyArn = "arn:aws:iam::111122223333:policy/Boundary",
            PolicyRef = new ResourceRef { Name = "boundary" },
        }));
        Assert.Equal("spec.permissionsBoundary", both.FieldPath);
        Assert.Contains("exactly one of permissionsBoundary.policyArn or permissionsBoundary.policyRef", both.Message);
        Assert.Equal("spec.permissionsBoundary", Single(Role(s => s.PermissionsBoundary = new PermissionsBoundarySpec())).FieldPath);
    }

    [Theory]
    [InlineData("arn:aws:iam::aws:policy/ReadOnlyAccess", true)]
    [InlineData("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", true)]
    [InlineData("arn:aws:iam::111122223333:policy/teams/Custom", true)]
    [InlineData("arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess", true)]
    [InlineData("ReadOnlyAccess", false)]
    [InlineData("arn:aws:iam::12345:policy/Short-account", false)]
    [InlineData("arn:aws:iam::aws:role/NotAPolicy", false)]
    [InlineData("arn:aws-iso-b:iam::111122223333:policy/Custom", true)]
    [InlineData("arn:awsx:iam::aws:policy/NotAPartition", false)]
    [InlineData("arn:aws:iam::aws:policy/teams/", false)] // a path without a policy name
    [InlineData("arn:aws:iam::aws:policy/Read Only", false)]
    [InlineData("arn:aws:iam::111122223333:policy//Custom", false)] // path "//", which IAM's path pattern refuses
    public void Managed_policy_arns_must_be_policy_arns(string arn, bool valid) =>
        Assert.Equal(valid, ResourceValidator.Validate(Group(spec: s => s.Permissions = new PermissionsSpec { ManagedPolicyArns = [arn] })).Count == 0);

    [Fact]
    public void Managed_policies_are_at_most_twenty_and_unique()
    {
        var many = Enumerable.Range(0, 21).Select(i => $"arn:aws:iam::111122223333:policy/P{i}").ToList();
        // The list's maxItems and the combined quota rule both speak, as they would in the apiserver.
        Assert.Contains(ResourceValidator.Validate(Group(spec: s => s.Permissions = new PermissionsSpec { ManagedPolicyArns = many })),
            p => p.FieldPath == "spec.permissions.managedPolicyArns" && p.Message.StartsWith("Too many: 21"));
        var twice = Single(Group(spec: s => s.Permissions = new PermissionsSpec { ManagedPolicyArns = ["arn:aws:iam::aws:policy/A", "arn:aws:iam::aws:policy/A"] }));
        Assert.Equal("spec.permissions.managedPolicyArns[1]", twice.FieldPath);
    }

    [Fact]
    public void Inline_policies_need_unique_valid_names_and_object_documents()
    {
        var string_ = JsonDocument.Parse("\"{\\\"Version\\\":\\\"2012-10-17\\\"}\"").RootElement;
        var group = Group(spec: s => s.Permissions = new PermissionsSpec
        {
            InlinePolicies =
            [
                new InlinePolicySpec { Name = "Logs", Document = Document },
                new InlinePolicySpec { Name = "Logs", Document = Document },
                new InlinePolicySpec { Name = "bad name", Document = Document },
                new InlinePolicySpec { Name = "Escaped", Document = string_ },
            ],
        });
        var problems = ResourceValidator.Validate(group).Select(p => p.FieldPath).ToList();
        Assert.Equal(["spec.permissions.inlinePolicies[1]", "spec.permissions.inlinePolicies[2].name", "spec.permissions.inlinePolicies[3].document"], problems.Order());
    }

    [Fact]
    public void Unset_policy_document_is_a_required_value()
    {
        var policy = new IamPolicy { Metadata = new V1ObjectMeta { Name = "p" } };
        var problem = Single(policy);
        Assert.Equal("spec.document", problem.FieldPath);
        Assert.StartsWith("Required value", problem.Message);
    }

    [Fact]
    public void Tags_are_at_most_49_because_the_owner_tag_takes_one_of_IAMs_50()
    {
        var tags = Enumerable.Range(0, 50).ToDictionary(i => $"k{i}", i => "v");
        Assert.StartsWith("Too many: 50", Single(User(spec: s => s.Tags = tags)).Message);
        Assert.Empty(ResourceValidator.Validate(User(spec: s => s.Tags = tags.Take(49).ToDictionary())));
    }

    [Theory]
    [InlineData("aws:owner", "v")]
    [InlineData("AWS:owner", "v")]
    [InlineData("", "v")]
    [InlineData("iamoperator.dev/owner", "v")]
    [InlineData("IAMOPERATOR.DEV/OWNER", "v")]
    [InlineData("IamOperator.Dev/owner", "v")]
    [InlineData("\u0131amoperator.dev/owner", "v")]
    public void Tag_keys_follow_IAM_and_leave_the_owner_tag_to_the_operator(string key, string value) =>
        Assert.Contains("tag keys must be 1 to 128 characters, must not start with 'aws:'", Single(Role(s => s.Tags = new() { [key] = value })).Message);

    [Theory]
    [InlineData("iamoperator.dev/owner", true)]
    [InlineData("IAMOPERATOR.DEV/OWNER", true)]
    [InlineData("iAmOpErAtOr.DeV/oWnEr", true)]
    [InlineData("\u0130amoperator.dev/owner", true)]
    [InlineData("iamoperator.dev/owners", false)]
    [InlineData("iamoperator.dev-owner", false)]
    [InlineData("iamoperator.dev/", false)]
    public void The_owner_tag_key_is_reserved_in_every_letter_case_because_IAM_tag_keys_are_case_insensitive(string key, bool reserved) =>
        Assert.Equal(reserved, TagKeysFollowIam.IsOwnerTagKey(key));

    [Fact]
    public void Tag_keys_are_at_most_128_characters()
    {
        Assert.Single(ResourceValidator.Validate(Policy(s => s.Tags = new() { [new string('k', 129)] = "v" })));
        Assert.Empty(ResourceValidator.Validate(Policy(s => s.Tags = new() { [new string('k', 128)] = "v" })));
    }

    [Theory]
    [InlineData("team dev: ünïcode_./=+-@", true)]
    [InlineData("semi;colon", false)]
    [InlineData("quote\"", false)]
    public void Tag_values_use_IAMs_characters(string value, bool valid) =>
        Assert.Equal(valid, ResourceValidator.Validate(User(spec: s => s.Tags = new() { ["k"] = value })).Count == 0);

    [Fact]
    public void Tag_values_are_at_most_256_characters()
    {
        var problem = Single(User(spec: s => s.Tags = new() { ["k"] = new string('v', 257) }));
        Assert.Equal("spec.tags.k", problem.FieldPath);
    }

    [Fact]
    public void Descriptions_use_IAMs_characters_and_length()
    {
        Assert.Empty(ResourceValidator.Validate(Role(s => s.Description = "Service role for ec2.amazonaws.com (caf\u00e9)\n")));
        Assert.Equal("spec.description", Single(Role(s => s.Description = "emoji \U0001F600")).FieldPath);
        Assert.Contains("1000", Single(Policy(s => s.Description = new string('d', 1001))).Message);
    }

    [Fact]
    public void References_are_kubernetes_names()
    {
        var problem = Single(User(spec: s => s.GroupRefs = [new ResourceRef { Name = "Developers" }]));
        Assert.Equal("spec.groupRefs[0].name", problem.FieldPath);
        Assert.Equal("spec.groupRefs[0].namespace", Single(User(spec: s => s.GroupRefs = [new ResourceRef { Name = "devs", Namespace = "Team_A" }])).FieldPath);
    }

    [Fact]
    public void Group_names_are_IAM_names_at_most_ten_and_unique()
    {
        Assert.Equal("spec.groupNames[0]", Single(User(spec: s => s.GroupNames = ["Dev Ops"])).FieldPath);
        Assert.Contains(ResourceValidator.Validate(User(spec: s => s.GroupNames = [.. Enumerable.Range(0, 11).Select(i => $"G{i}")])),
            p => p.FieldPath == "spec.groupNames" && p.Message.StartsWith("Too many: 11"));
        Assert.StartsWith("Duplicate value", Single(User(spec: s => s.GroupNames = ["Ops", "Ops"])).Message);
    }

    [Fact]
    public void A_user_is_in_at_most_ten_groups_by_reference_and_name_together()
    {
        var problem = Single(User(spec: s =>
        {
            s.GroupRefs = [.. Enumerable.Range(0, 6).Select(i => new ResourceRef { Name = $"g{i}" })];
            s.GroupNames = [.. Enumerable.Range(0, 5).Select(i => $"G{i}")];
        }));
        Assert.Equal("spec", problem.FieldPath);
        Assert.Contains("at most 10 IAM groups", problem.Message);
    }

    [Fact]
    public void At_most_twenty_managed_policies_by_arn_and_reference_together()
    {
        var problem = Single(Role(s => s.Permissions = new PermissionsSpec
        {
            ManagedPolicyArns = [.. Enumerable.Range(0, 11).Select(i => $"arn:aws:iam::aws:policy/P{i}")],
            PolicyRefs = [.. Enumerable.Range(0, 10).Select(i => new ResourceRef { Name = $"p{i}" })],
        }));
        Assert.Equal("spec.permissions", problem.FieldPath);
    }

    [Fact]
    public void AccessKeyMaxAgeDays_is_positive()
    {
        Assert.Equal("spec.accessKeyMaxAgeDays", Single(User(spec: s => s.AccessKeyMaxAgeDays = 0)).FieldPath);
        Assert.Empty(ResourceValidator.Validate(User(spec: s => s.AccessKeyMaxAgeDays = 90)));
    }

    [Fact]
    public void Every_problem_is_reported_not_only_the_first()
    {
        var role = Role(s =>
        {
            s.IamName = "bad name";
            s.Path = "nope";
            s.MaxSessionDurationSeconds = 60;
            s.Trust.Services = null;
        });
        Assert.Equal(["spec.iamName", "spec.maxSessionDurationSeconds", "spec.path", "spec.trust"],
            ResourceValidator.Validate(role).Select(p => p.FieldPath).Order());
    }

    [Fact]
    public void Status_is_not_validated()
    {
        var user = User();
        user.Status = new IamResourceStatus { Conditions = [new V1Condition { Type = "Ready" }] };
        Assert.Empty(ResourceValidator.Validate(user));
    }

    private static AccessCheckSpec Check(string action = "s3:GetObject", string resource = "*", AccessExpectation expect = AccessExpectation.Allowed) =>
        new() { Action = action, Resource = resource, Expect = expect };

    [Fact]
    public void Access_checks_are_valid_on_users_groups_and_roles()
    {
        Assert.Empty(ResourceValidator.Validate(User(spec: s => s.AccessChecks = [Check(), Check("iam:CreateUser", expect: AccessExpectation.Denied)])));
        Assert.Empty(ResourceValidator.Validate(Group(spec: s => s.AccessChecks = [Check("execute-api:Invoke", "arn:aws:execute-api:us-east-1:111122223333:api/stage/GET/")])));
        Assert.Empty(ResourceValidator.Validate(Role(s => s.AccessChecks = [Check(resource: "arn:aws:s3:::reports/2024.csv")])));
    }

    [Theory]
    [InlineData("s3:Get*")]
    [InlineData("s3:*")]
    [InlineData("*")]
    [InlineData("s3:Get?bject")]
    [InlineData("GetObject")]
    [InlineData("s3 :GetObject")]
    public void An_access_check_names_one_concrete_action_without_wildcards(string action) =>
        Assert.Equal("spec.accessChecks[0].action", Single(User(spec: s => s.AccessChecks = [Check(action)])).FieldPath);

    [Theory]
    [InlineData("bucket/key")]
    [InlineData("arn:aws:s3:::my bucket")]
    [InlineData("")]
    public void An_access_check_resource_is_star_or_an_arn(string resource) =>
        Assert.StartsWith("spec.accessChecks[0].resource", Single(User(spec: s => s.AccessChecks = [Check(resource: resource)])).FieldPath);

    [Fact]
    public void At_most_100_access_checks_per_resource()
    {
        Assert.Empty(ResourceValidator.Validate(User(spec: s => s.AccessChecks = [.. Enumerable.Repeat(0, 100).Select(_ => Check())])));
        Assert.Equal("spec.accessChecks", Single(User(spec: s => s.AccessChecks = [.. Enumerable.Repeat(0, 101).Select(_ => Check())])).FieldPath);
    }

    [Fact]
    public void A_single_valued_context_key_takes_exactly_one_value_and_keys_are_unique()
    {
        AccessCheckContextEntry Entry(string key, AccessCheckContextKeyType type, params string[] values) => new() { Key = key, Type = type, Values = [.. values] };
        var ok = Check();
        ok.Context = [Entry("aws:RequestedRegion", AccessCheckContextKeyType.String, "eu-west-1"), Entry("aws:TagKeys", AccessCheckContextKeyType.StringList, "team", "env")];
        Assert.Empty(ResourceValidator.Validate(User(spec: s => s.AccessChecks = [ok])));

        var two = Check();
        two.Context = [Entry("aws:RequestedRegion", AccessCheckContextKeyType.String, "eu-west-1", "us-east-1")];
        var problem = Single(User(spec: s => s.AccessChecks = [two]));
        Assert.Equal("spec.accessChecks[0].context[0].values", problem.FieldPath);
        Assert.Contains("exactly one value", problem.Message);

        var duplicate = Check();
        duplicate.Context = [Entry("aws:RequestedRegion", AccessCheckContextKeyType.String, "a"), Entry("aws:RequestedRegion", AccessCheckContextKeyType.String, "b")];
        Assert.StartsWith("Duplicate value", Single(User(spec: s => s.AccessChecks = [duplicate])).Message);
    }
}
