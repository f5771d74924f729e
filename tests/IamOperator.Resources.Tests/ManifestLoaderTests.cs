using System.Text.Json;
using IamOperator.Resources.Manifests;

namespace IamOperator.Resources.Tests;

public class ManifestLoaderTests
{
    private const string ValidGroup = """
        apiVersion: iamoperator.dev/v1alpha1
        kind: IamGroup
        metadata:
          name: developers
          namespace: team
        spec:
          iamName: Developers
          permissions:
            managedPolicyArns: [arn:aws:iam::aws:policy/PowerUserAccess]
        """;

    private static ManifestSet Load(params string[] documents) =>
        ManifestLoader.LoadText(string.Join("\n---\n", documents), "test.yaml");

    private static ManifestProblem SingleProblem(ManifestSet set) => Assert.Single(set.Problems);

    [Fact]
    public void Group_round_trips_every_field()
    {
        var group = Assert.IsType<IamGroup>(Assert.Single(Load("""
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamGroup
            metadata: {name: developers, namespace: team, labels: {app: iam}}
            spec:
              iamName: Developers
              path: /teams/
              deletionPolicy: Retain
              adoptionPolicy: Adopt
              permissions:
                managedPolicyArns: [arn:aws:iam::aws:policy/PowerUserAccess]
                policyRefs: [{name: shared, namespace: platform}]
                inlinePolicies:
                  - name: Logs
                    document: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "logs:*", Resource: "*"}]}
            """).Resources));
        Assert.Equal(("developers", "team", "iam"), (group.Metadata.Name, group.Metadata.NamespaceProperty, group.Metadata.Labels["app"]));
        Assert.Equal(("Developers", "/teams/", DeletionPolicy.Retain, AdoptionPolicy.Adopt),
            (group.Spec.IamName, group.Spec.Path, group.Spec.DeletionPolicy, group.Spec.AdoptionPolicy));
        Assert.Equal(["arn:aws:iam::aws:policy/PowerUserAccess"], group.Spec.Permissions!.ManagedPolicyArns);
        Assert.Equal(("shared", "platform"), (group.Spec.Permissions.PolicyRefs![0].Name, group.Spec.Permissions.PolicyRefs[0].Namespace));
        var inline = Assert.Single(group.Spec.Permissions.InlinePolicies!);
        Assert.Equal("Logs", inline.Name);
        Assert.Equal("2012-10-17", inline.Document.GetProperty("Version").GetString());
        Assert.Equal("logs:*", inline.Document.GetProperty("Statement")[0].GetProperty("Action").GetString());
    }

    [Fact]
    public void User_round_trips_every_field()
    {
        var user = Assert.IsType<IamUser>(Assert.Single(Load("""
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamUser
            metadata: {name: alice.johnson}
            spec:
              groupRefs: [{name: developers}]
              groupNames: [Auditors]
              permissionsBoundary: {policyArn: "arn:aws:iam::111122223333:policy/Boundary"}
              accessKeyMaxAgeDays: 30
              requireMfa: false
              tags: {team: dev, cost-center: "42"}
            """).Resources));
        Assert.Equal(ManifestLoader.DefaultNamespace, user.Metadata.NamespaceProperty);
        Assert.Equal("developers", Assert.Single(user.Spec.GroupRefs!).Name);
        Assert.Equal(["Auditors"], user.Spec.GroupNames);
        Assert.Equal("arn:aws:iam::111122223333:policy/Boundary", user.Spec.PermissionsBoundary!.PolicyArn);
        Assert.Equal((30, false), (user.Spec.AccessKeyMaxAgeDays, user.Spec.RequireMfa));
        Assert.Equal(new Dictionary<string, string> { ["team"] = "dev", ["cost-center"] = "42" }, user.Spec.Tags);
        Assert.Equal((DeletionPolicy.Delete, AdoptionPolicy.Refuse), (user.Spec.DeletionPolicy, user.Spec.AdoptionPolicy));
    }

    [Fact]
    public void Role_round_trips_every_field()
    {
        var role = Assert.IsType<IamServiceRole>(Assert.Single(Load("""
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamServiceRole
            metadata: {name: orders, namespace: shop}
            spec:
              iamName: orders-irsa
              description: Orders pods
              maxSessionDurationSeconds: 7200
              trust:
                serviceAccounts:
                  oidcProviderArn: arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC
                  subjects: [{namespace: shop, name: orders}]
              permissionsBoundary: {policyRef: {name: boundary}}
              instanceProfile: {enabled: true}
              permissions: {managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonSQSFullAccess"]}
            """).Resources));
        Assert.Equal(("orders-irsa", "Orders pods", 7200), (role.Spec.IamName, role.Spec.Description, role.Spec.MaxSessionDurationSeconds));
        Assert.Equal("arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC", role.Spec.Trust.ServiceAccounts!.OidcProviderArn);
        Assert.Equal(("shop", "orders"), (role.Spec.Trust.ServiceAccounts.Subjects[0].Namespace, role.Spec.Trust.ServiceAccounts.Subjects[0].Name));
        Assert.Null(role.Spec.Trust.Services);
        Assert.Null(role.Spec.Trust.Document);
        Assert.Equal("boundary", role.Spec.PermissionsBoundary!.PolicyRef!.Name);
        Assert.True(role.Spec.InstanceProfile!.Enabled);
    }

    [Fact]
    public void Policy_round_trips_its_document_as_structured_json()
    {
        var policy = Assert.IsType<IamPolicy>(Assert.Single(Load("""
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamPolicy
            metadata: {name: read-reports}
            spec:
              description: Read reports
              tags: {team: analytics}
              document:
                Version: "2012-10-17"
                Statement:
                  - Effect: Allow
                    Action: [s3:GetObject]
                    Resource: arn:aws:s3:::reports/*
                    Condition: {NumericLessThan: {"s3:max-keys": 10}, Bool: {"aws:SecureTransport": true}}
            """).Resources));
        Assert.Equal("Read reports", policy.Spec.Description);
        var statement = policy.Spec.Document.GetProperty("Statement")[0];
        Assert.Equal(JsonValueKind.Array, statement.GetProperty("Action").ValueKind);
        Assert.Equal(10, statement.GetProperty("Condition").GetProperty("NumericLessThan").GetProperty("s3:max-keys").GetInt32());
        Assert.Equal(JsonValueKind.True, statement.GetProperty("Condition").GetProperty("Bool").GetProperty("aws:SecureTransport").ValueKind);
    }

    [Fact]
    public void Json_files_load_like_yaml()
    {
        var set = ManifestLoader.LoadText("""
            {"apiVersion": "iamoperator.dev/v1alpha1", "kind": "IamPolicy", "metadata": {"name": "p"},
             "spec": {"document": {"Version": "2012-10-17", "Statement": []}}}
            """, "p.json");
        Assert.Empty(set.Problems);
        Assert.IsType<IamPolicy>(Assert.Single(set.Resources));
    }

    [Fact]
    public void Invalid_yaml_in_one_document_names_file_document_and_line_and_the_rest_loads()
    {
        var set = ManifestLoader.LoadText(ValidGroup + "\n---\nkind: IamUser\nmetadata: {name: [unclosed\n---\n" + ValidGroup.Replace("developers", "ops"), "team.yaml");
        var problem = SingleProblem(set);
        Assert.Equal(("team.yaml", 2), (problem.Source, problem.DocumentIndex));
        Assert.InRange(problem.Line!.Value, 11, 13); // within document 2, where the parser noticed

        Assert.StartsWith("invalid YAML", problem.Message);
        Assert.Equal(["developers", "ops"], set.Resources.Select(r => r.Metadata.Name));
    }

    [Fact]
    public void Unknown_field_is_a_problem_with_its_path_like_strict_field_validation()
    {
        var set = Load(ValidGroup.Replace("  iamName: Developers", "  iamName: Developers\n  tags: {team: dev}"), ValidGroup.Replace("developers", "ops"));
        var problem = SingleProblem(set);
        Assert.Equal(("IamGroup", "team", "developers", "spec.tags"), (problem.Kind, problem.Namespace, problem.Name, problem.FieldPath));
        Assert.Contains("unknown field \"spec.tags\"", problem.Message);
        Assert.Equal(8, problem.Line);
        Assert.Equal("ops", Assert.Single(set.Resources).Metadata.Name);
    }

    [Fact]
    public void Every_unknown_field_is_reported_not_only_the_first()
    {
        var set = Load(ValidGroup.Replace("  iamName: Developers", "  iamNme: Developers\n  permisions: {}") + "\nextra: 1");
        Assert.Equal(["extra", "spec.iamNme", "spec.permisions"], set.Problems.Select(p => p.FieldPath).Order());
        Assert.Empty(set.Resources);
    }

    [Fact]
    public void Missing_name_is_a_problem()
    {
        var problem = SingleProblem(Load("apiVersion: iamoperator.dev/v1alpha1\nkind: IamGroup\nmetadata: {namespace: team}\n"));
        Assert.Equal(("IamGroup", "metadata.name", "Required value"), (problem.Kind, problem.FieldPath, problem.Message));
    }

    [Fact]
    public void Invalid_metadata_name_is_a_problem()
    {
        var problem = SingleProblem(Load(ValidGroup.Replace("name: developers", "name: Developers_Team")));
        Assert.Equal("metadata.name", problem.FieldPath);
        Assert.Contains("must match", problem.Message);
    }

    [Fact]
    public void Wrong_version_of_our_group_is_a_problem()
    {
        var problem = SingleProblem(Load(ValidGroup.Replace("v1alpha1", "v1")));
        Assert.Equal("apiVersion", problem.FieldPath);
        Assert.Contains("iamoperator.dev/v1alpha1", problem.Message);
    }

    [Fact]
    public void Unknown_kind_of_our_group_is_a_problem_naming_the_known_kinds()
    {
        var problem = SingleProblem(Load(ValidGroup.Replace("kind: IamGroup", "kind: IamGrop")));
        Assert.Equal("kind", problem.FieldPath);
        Assert.Contains("IamGroup, IamUser, IamServiceRole", problem.Message);
    }

    [Fact]
    public void Kinds_of_other_groups_are_ignored_with_a_note()
    {
        var set = Load("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 1}", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}", ValidGroup);
        Assert.Empty(set.Problems);
        Assert.Single(set.Resources);
        Assert.Equal(2, set.Notes.Count);
        Assert.Contains("apps/v1 Deployment web", set.Notes[0]);
    }

    [Fact]
    public void Invalid_enum_value_is_a_problem_listing_the_allowed_values()
    {
        var problem = SingleProblem(Load(ValidGroup.Replace("  iamName: Developers", "  iamName: Developers\n  deletionPolicy: delete")));
        Assert.Equal("spec.deletionPolicy", problem.FieldPath);
        Assert.Equal("Unsupported value: \"delete\": supported values: \"Delete\", \"Retain\"", problem.Message);
    }

    [Fact]
    public void Wrong_type_is_a_problem()
    {
        var problem = SingleProblem(Load("""
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamServiceRole
            metadata: {name: r}
            spec: {trust: {services: [ec2.amazonaws.com]}, maxSessionDurationSeconds: one-hour}
            """));
        Assert.Equal("spec.maxSessionDurationSeconds", problem.FieldPath);
        Assert.Contains("must be of type integer", problem.Message);
    }

    [Fact]
    public void Duplicate_kind_namespace_and_name_is_a_problem_and_the_first_is_used()
    {
        var set = ManifestLoader.LoadText(ValidGroup + "\n---\n" + ValidGroup.Replace("iamName: Developers", "iamName: Other"), "a.yaml");
        var problem = SingleProblem(set);
        Assert.Equal(2, problem.DocumentIndex);
        Assert.Contains("already declared in a.yaml (document 1)", problem.Message);
        Assert.Equal("Developers", Assert.Single(set.Resources).Spec.IamName);
    }

    [Fact]
    public void Same_name_in_another_namespace_or_kind_is_no_duplicate()
    {
        var set = Load(ValidGroup, ValidGroup.Replace("namespace: team", "namespace: other"), "apiVersion: iamoperator.dev/v1alpha1\nkind: IamUser\nmetadata: {name: developers, namespace: team}");
        Assert.Empty(set.Problems);
        Assert.Equal(3, set.Resources.Count);
    }

    [Fact]
    public void Status_in_a_manifest_is_ignored_as_the_apiserver_does_on_create()
    {
        var group = Assert.Single(Load(ValidGroup + "\nstatus: {arn: 'arn:aws:iam::1:group/x', bogus: 1}").Resources);
        Assert.Null(group.Status);
    }

    [Fact]
    public void Empty_documents_and_comments_are_skipped_and_do_not_count()
    {
        var set = ManifestLoader.LoadText("---\n# only a comment\n---\n" + ValidGroup + "\n---\n---\n" + ValidGroup.Replace("developers", "x") + "\n...\n", "f.yaml");
        Assert.Empty(set.Problems);
        Assert.Equal(2, set.Resources.Count);
    }

    [Fact]
    public void Non_object_document_is_a_problem()
    {
        var problem = SingleProblem(Load("- just\n- a list"));
        Assert.Contains("must be an object", problem.Message);
    }

    [Fact]
    public void Duplicate_yaml_keys_are_a_problem()
    {
        var problem = SingleProblem(Load(ValidGroup + "\nspec: {}"));
        Assert.Contains("duplicate key", problem.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("spec", problem.Message);
    }

    [Fact]
    public void Folder_is_read_recursively_in_a_stable_order_skipping_other_files_and_dot_folders()
    {
        var root = Directory.CreateTempSubdirectory("manifests").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "b"));
            Directory.CreateDirectory(Path.Combine(root, ".git"));
            File.WriteAllText(Path.Combine(root, "b", "z.yml"), ValidGroup.Replace("developers", "z"));
            File.WriteAllText(Path.Combine(root, "a.yaml"), ValidGroup.Replace("developers", "a"));
            File.WriteAllText(Path.Combine(root, "c.JSON"), """{"apiVersion":"iamoperator.dev/v1alpha1","kind":"IamGroup","metadata":{"name":"c"}}""");
            File.WriteAllText(Path.Combine(root, "readme.md"), "not: [a manifest");
            File.WriteAllText(Path.Combine(root, ".git", "x.yaml"), "not: [a manifest");

            var set = ManifestLoader.LoadDirectory(root);

            Assert.Empty(set.Problems);
            Assert.Equal(["a", "z", "c"], set.Resources.Select(r => r.Metadata.Name));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Problem_names_the_file_and_field_in_its_text()
    {
        var problem = SingleProblem(Load(ValidGroup.Replace("  iamName: Developers", "  iamName: Dev Ops")));
        Assert.StartsWith("test.yaml:7 (document 1) IamGroup team/developers: spec.iamName: Invalid value: \"Dev Ops\"", problem.ToString());
    }

    [Fact]
    public void Quoted_numbers_are_strings_and_plain_numbers_are_not()
    {
        var set = Load(
            "apiVersion: iamoperator.dev/v1alpha1\nkind: IamUser\nmetadata: {name: a}\nspec: {tags: {cost-center: \"4711\"}}",
            "apiVersion: iamoperator.dev/v1alpha1\nkind: IamUser\nmetadata: {name: b}\nspec: {tags: {cost-center: 4711}}");
        Assert.Equal("a", Assert.Single(set.Resources).Metadata.Name);
        Assert.Equal("spec.tags.cost-center", SingleProblem(set).FieldPath);
    }
}
