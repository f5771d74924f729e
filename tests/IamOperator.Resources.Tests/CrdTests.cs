using IamOperator.Resources.Crds;
using k8s;
using k8s.Models;

namespace IamOperator.Resources.Tests;

public class CrdTests
{
    private static readonly IReadOnlyList<V1CustomResourceDefinition> Crds = [.. KubernetesApiGroup.Kinds.Select(CrdGenerator.Generate)];

    private static V1CustomResourceDefinition Crd(string kind) => Crds.Single(c => c.Spec.Names.Kind == kind);

    private static V1JSONSchemaProps Schema(string kind) => Crd(kind).Spec.Versions.Single().Schema.OpenAPIV3Schema;

    private static V1JSONSchemaProps At(string kind, string path) =>
        path.Split('.').Aggregate(Schema(kind), (node, field) => field == "[]" ? (V1JSONSchemaProps)node.Items : node.Properties[field]);

    private static IEnumerable<(string Path, V1JSONSchemaProps Node)> Walk(V1JSONSchemaProps node, string path = "")
    {
        yield return (path, node);
        foreach (var (name, child) in node.Properties ?? new Dictionary<string, V1JSONSchemaProps>())
        {
            foreach (var x in Walk(child, path.Length == 0 ? name : $"{path}.{name}")) yield return x;
        }
        if (node.Items is V1JSONSchemaProps items)
        {
            foreach (var x in Walk(items, path + "[]")) yield return x;
        }
        if (node.AdditionalProperties is V1JSONSchemaProps values)
        {
            foreach (var x in Walk(values, path + "{}")) yield return x;
        }
    }

    [Fact]
    public void Checked_in_crds_equal_the_generated_ones()
    {
        var folder = RepositoryRoot.Combine("config", "crd");
        foreach (var file in CrdGenerator.GenerateFiles())
        {
            var path = Path.Combine(folder, file.FileName);
            Assert.True(File.Exists(path), $"{path} is missing: run `dotnet run --project src/IamOperator -- crds --output-dir config/crd`");
            Assert.True(file.Yaml == File.ReadAllText(path), $"{path} is stale: run `dotnet run --project src/IamOperator -- crds --output-dir config/crd`");
        }
        Assert.Equal(CrdGenerator.GenerateFiles().Select(f => f.FileName).Order(), Directory.GetFiles(folder, "*.yaml").Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Generated_yaml_reads_back_as_the_same_crd()
    {
        foreach (var file in CrdGenerator.GenerateFiles())
        {
            var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(file.Yaml);
            Assert.Equal(file.Yaml, CrdGenerator.Header + KubernetesYaml.Serialize(crd).TrimEnd() + "\n");
        }
    }

    [Fact]
    public void Each_kind_is_namespaced_but_the_accounts_password_policy_with_short_name_category_and_status_subresource()
    {
        Assert.Equal(["IamAccountPasswordPolicy", "IamGroup", "IamPolicy", "IamServiceRole", "IamUser"], Crds.Select(c => c.Spec.Names.Kind).Order());
        var expectedShortNames = new Dictionary<string, string>
        {
            ["IamGroup"] = "iamg", ["IamUser"] = "iamu", ["IamServiceRole"] = "iamsr", ["IamPolicy"] = "iamp", ["IamAccountPasswordPolicy"] = "iamapp",
        };
        foreach (var crd in Crds)
        {
            Assert.Equal("apiextensions.k8s.io/v1", crd.ApiVersion);
            Assert.Equal($"{crd.Spec.Names.Plural}.iamoperator.dev", crd.Metadata.Name);
            // One password policy per AWS account: an object of the cluster, not of a namespace.
            Assert.Equal(("iamoperator.dev", crd.Spec.Names.Kind == "IamAccountPasswordPolicy" ? "Cluster" : "Namespaced"), (crd.Spec.Group, crd.Spec.Scope));
            Assert.Equal([expectedShortNames[crd.Spec.Names.Kind]], crd.Spec.Names.ShortNames);
            Assert.Equal(["iam"], crd.Spec.Names.Categories);
            var version = Assert.Single(crd.Spec.Versions);
            Assert.Equal(("v1alpha1", true, true), (version.Name, version.Served, version.Storage));
            Assert.NotNull(version.Subresources.Status);
        }
    }

    [Fact]
    public void Printer_columns_show_ready_iam_name_arn_and_age()
    {
        foreach (var crd in Crds)
        {
            var columns = crd.Spec.Versions.Single().AdditionalPrinterColumns.Where(c => (c.Priority ?? 0) == 0).ToList();
            Assert.Equal(["Ready", "IAM Name", "ARN", "Age"], columns.Select(c => c.Name));
            Assert.Equal(".status.conditions[?(@.type==\"Ready\")].status", columns[0].JsonPath);
            Assert.Equal([".status.iamName", ".status.arn", ".metadata.creationTimestamp"], columns.Skip(1).Select(c => c.JsonPath));
            Assert.Equal("date", columns[3].Type);
        }
    }

    [Fact]
    public void Schema_is_structural_every_node_has_a_type_and_objects_say_what_they_hold()
    {
        foreach (var crd in Crds)
        {
            foreach (var (path, node) in Walk(crd.Spec.Versions.Single().Schema.OpenAPIV3Schema))
            {
                Assert.False(string.IsNullOrEmpty(node.Type), $"{crd.Spec.Names.Kind} {path} has no type");
                if (node.Type == "object" && path != "metadata")
                {
                    Assert.True(node.Properties is not null || node.AdditionalProperties is not null || node.XKubernetesPreserveUnknownFields == true,
                        $"{crd.Spec.Names.Kind} {path} is an object without properties");
                }
                if (node.Type == "array")
                {
                    Assert.NotNull(node.Items);
                }
            }
        }
    }

    [Fact]
    public void Only_policy_documents_preserve_unknown_fields()
    {
        var free = Crds.SelectMany(c => Walk(c.Spec.Versions.Single().Schema.OpenAPIV3Schema)
            .Where(x => x.Node.XKubernetesPreserveUnknownFields == true)
            .Select(x => $"{c.Spec.Names.Kind}:{x.Path}"))
            .Order()
            .ToList();
        Assert.Equal(
            [
                "IamGroup:spec.permissions.inlinePolicies[].document",
                "IamPolicy:spec.document",
                "IamServiceRole:spec.permissions.inlinePolicies[].document",
                "IamServiceRole:spec.trust.document",
                "IamUser:spec.permissions.inlinePolicies[].document",
            ],
            free);
        Assert.All(free, f => Assert.Equal("object", At(f.Split(':')[0], f.Split(':')[1].Replace("[]", ".[]")).Type));
    }

    [Fact]
    public void Metadata_is_left_to_the_apiserver()
    {
        foreach (var kind in KubernetesApiGroup.Kinds)
        {
            var metadata = At(kind.Kind, "metadata");
            Assert.Equal("object", metadata.Type);
            Assert.Null(metadata.Properties);
        }
    }

    [Fact]
    public void Every_field_has_a_description_for_kubectl_explain()
    {
        foreach (var crd in Crds)
        {
            foreach (var (path, node) in Walk(crd.Spec.Versions.Single().Schema.OpenAPIV3Schema))
            {
                var isField = path.Length > 0 && !path.EndsWith("[]") && !path.EndsWith("{}") && path != "metadata";
                if (isField)
                {
                    Assert.False(string.IsNullOrWhiteSpace(node.Description), $"{crd.Spec.Names.Kind} {path} has no description");
                }
            }
        }
    }

    [Fact]
    public void Groups_have_no_tags_because_IAM_cannot_tag_groups()
    {
        Assert.False(At("IamGroup", "spec").Properties.ContainsKey("tags"));
        Assert.All(new[] { "IamUser", "IamServiceRole", "IamPolicy" }, k => Assert.Equal(49, At(k, "spec.tags").MaxProperties));
    }

    [Fact]
    public void Validation_keywords_come_from_the_model()
    {
        Assert.Equal(IamPatterns.IamName, At("IamUser", "spec.iamName").Pattern);
        Assert.Equal(IamPatterns.IamPath, At("IamGroup", "spec.path").Pattern);
        Assert.Equal(512, At("IamGroup", "spec.path").MaxLength);
        Assert.Equal((3600L, 43200L), (At("IamServiceRole", "spec.maxSessionDurationSeconds").Minimum, At("IamServiceRole", "spec.maxSessionDurationSeconds").Maximum));
        Assert.Equal(["Delete", "Retain"], At("IamPolicy", "spec.deletionPolicy").EnumProperty.Select(e => e.ToString()));
        Assert.Equal("Delete", At("IamPolicy", "spec.deletionPolicy").DefaultProperty);
        Assert.Equal(["Refuse", "Adopt"], At("IamUser", "spec.adoptionPolicy").EnumProperty.Select(e => e.ToString()));
        Assert.Contains("ec2.amazonaws.com", At("IamServiceRole", "spec.trust.services.[]").EnumProperty.Select(e => e.ToString()));
        Assert.Equal(20, At("IamGroup", "spec.permissions.managedPolicyArns").MaxItems);
        Assert.Equal("set", At("IamGroup", "spec.permissions.managedPolicyArns").XKubernetesListType);
        Assert.Equal(("map", "name"), (At("IamGroup", "spec.permissions.inlinePolicies").XKubernetesListType, At("IamGroup", "spec.permissions.inlinePolicies").XKubernetesListMapKeys.Single()));
        Assert.Equal(["spec"], Schema("IamServiceRole").Required);
        Assert.Equal(["spec"], Schema("IamPolicy").Required);
        Assert.Null(Schema("IamGroup").Required);
        Assert.Equal(["trust"], At("IamServiceRole", "spec").Required);
        Assert.Equal(["document"], At("IamPolicy", "spec").Required);
    }

    [Fact]
    public void Cel_rules_exist_for_cross_field_rules()
    {
        Assert.Contains("has(self.services)", Assert.Single(At("IamServiceRole", "spec.trust").XKubernetesValidations).Rule);
        Assert.Equal("has(self.policyArn) != has(self.policyRef)", Assert.Single(At("IamServiceRole", "spec.permissionsBoundary").XKubernetesValidations).Rule);
        Assert.Equal("has(self.policyArn) != has(self.policyRef)", Assert.Single(At("IamUser", "spec.permissionsBoundary").XKubernetesValidations).Rule);
        Assert.All(new[] { "IamUser", "IamServiceRole", "IamPolicy" }, k => Assert.Contains("k.startsWith(p)", Assert.Single(At(k, "spec.tags").XKubernetesValidations).Rule));
        Assert.Contains("self.metadata.name.size() <= 64", Assert.Single(Schema("IamUser").XKubernetesValidations).Rule);
        Assert.Contains("self.metadata.name.size() <= 64", Assert.Single(Schema("IamServiceRole").XKubernetesValidations).Rule);
        Assert.Contains("self.metadata.name.size() <= 128", Assert.Single(Schema("IamGroup").XKubernetesValidations).Rule);
        Assert.Contains("self.metadata.name.size() <= 128", Assert.Single(Schema("IamPolicy").XKubernetesValidations).Rule);
    }

    [Fact]
    public void Docs_describe_every_spec_field()
    {
        var docs = File.ReadAllText(RepositoryRoot.Combine("docs", "resources.md"));
        foreach (var kind in KubernetesApiGroup.Kinds)
        {
            foreach (var (path, _) in Walk(At(kind.Kind, "spec"), "spec").Where(x => x.Path != "spec" && !x.Path.EndsWith("[]") && !x.Path.EndsWith("{}")))
            {
                Assert.True(docs.Contains($"`{path}`"), $"docs/resources.md does not describe {kind.Kind} {path}");
            }
        }
    }

    [Fact]
    public void Cel_rules_make_fields_IAM_cannot_change_immutable()
    {
        static IEnumerable<string> Immutable(string kind) => At(kind, "spec").XKubernetesValidations?
            .Where(r => r.Rule.Contains("oldSelf")).Select(r => r.Message.Split(' ')[0]) ?? [];

        Assert.Equal(["iamName", "path"], Immutable("IamServiceRole"));
        Assert.Equal(["description", "iamName", "path"], Immutable("IamPolicy").Order());
        Assert.Empty(Immutable("IamUser"));   // IAM renames and moves users (UpdateUser NewUserName/NewPath)
        Assert.Empty(Immutable("IamGroup"));  // and groups (UpdateGroup NewGroupName/NewPath)
    }

    [Fact]
    public void Status_has_the_metav1_condition_shape_as_a_map_keyed_by_type()
    {
        foreach (var kind in KubernetesApiGroup.Kinds)
        {
            var conditions = At(kind.Kind, "status.conditions");
            Assert.Equal(("map", "type"), (conditions.XKubernetesListType, conditions.XKubernetesListMapKeys.Single()));
            var condition = conditions.Items as V1JSONSchemaProps;
            Assert.NotNull(condition);
            Assert.Equal(["lastTransitionTime", "message", "observedGeneration", "reason", "status", "type"], condition.Properties.Keys.Order());
            Assert.Equal(["type", "status", "lastTransitionTime", "reason", "message"], condition.Required);
            Assert.Equal(["True", "False", "Unknown"], condition.Properties["status"].EnumProperty.Select(e => e.ToString()));
            Assert.Equal("date-time", condition.Properties["lastTransitionTime"].Format);
            Assert.All(new[] { "observedGeneration", "arn", "iamId", "iamName", "lastSyncTime", "lastPlan", "warnings", "instanceProfileArn", "defaultVersionId" },
                f => Assert.True(At(kind.Kind, "status").Properties.ContainsKey(f), $"status.{f}"));
        }
    }
}
