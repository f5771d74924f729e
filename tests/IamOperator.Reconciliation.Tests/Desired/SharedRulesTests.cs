using IamOperator.Reconciliation.Desired;
using IamOperator.Resources;
using IamOperator.Resources.Crds;
using k8s;
using k8s.Models;

namespace IamOperator.Reconciliation.Tests.Desired;

/// <summary>
/// The CRD the apiserver enforces and the reconciler's own checks read one definition of each IAM pattern and
/// quota (<see cref="IamPatterns"/>, <see cref="IamLimits"/>): a value the CRD refuses, the reconciler refuses
/// with the same rule, so folder mode, the cluster and an object that bypassed validation never disagree.
/// </summary>
public class SharedRulesTests
{
    private static readonly ReconcileSettings Settings = new() { OwnerId = "cluster-a" };

    private const string Document = """{ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }] }""";

    public static TheoryData<string, string, string, string> PatternCases => new()
    {
        { "IamGroup", "spec.path", IamPatterns.IamPath, """ "path": "//" """ },
        { "IamGroup", "spec.iamName", IamPatterns.IamName, """ "iamName": "dev ops" """ },
        { "IamGroup", "spec.permissions.managedPolicyArns.[]", IamPatterns.ManagedPolicyArn, """ "permissions": { "managedPolicyArns": ["arn:aws:iam::aws:policy/teams/"] } """ },
        { "IamUser", "spec.groupNames.[]", IamPatterns.IamName, """ "groupNames": ["dev ops"] """ },
        { "IamUser", "spec.permissionsBoundary.policyArn", IamPatterns.ManagedPolicyArn, """ "permissionsBoundary": { "policyArn": "arn:aws:iam::111122223333:role/NotAPolicy" } """ },
        { "IamServiceRole", "spec.trust.serviceAccounts.oidcProviderArn", IamPatterns.OidcProviderArn,
            """ "trust": { "serviceAccounts": { "oidcProviderArn": "arn:aws:iam::111122223333:oidc-provider/", "subjects": [{ "namespace": "shop", "name": "checkout" }] } } """ },
        { "IamPolicy", "spec.tags.{}", IamPatterns.TagValue, $$""" "tags": { "team": "a#b" }, "document": {{Document}} """ },
    };

    [Theory]
    [MemberData(nameof(PatternCases))]
    public void A_value_the_CRD_pattern_refuses_is_refused_by_the_reconciler_with_the_same_pattern(string kind, string crdPath, string pattern, string specYaml)
    {
        Assert.Equal(pattern, CrdNode(kind, crdPath).Pattern);

        var state = Build(kind, specYaml);

        Assert.Null(state.Entity);
        Assert.Contains(state.Problems, p => p.Contains($"must match the regular expression '{pattern}'", StringComparison.Ordinal));
    }

    [Fact]
    public void The_groups_per_user_quota_is_one_number_in_the_CRD_and_the_reconciler()
    {
        Assert.Equal(IamLimits.GroupsPerUser, CrdNode("IamUser", "spec.groupNames").MaxItems);
        Assert.Contains($"<= {IamLimits.GroupsPerUser}", Assert.Single(CrdNode("IamUser", "spec").XKubernetesValidations).Rule);
        var names = string.Join(", ", Enumerable.Range(0, 6).Select(i => $"\"g{i}\""));
        var refs = string.Join(", ", Enumerable.Range(0, IamLimits.GroupsPerUser - 5).Select(i => $$"""{ "name": "r{{i}}" }"""));

        var state = Build("IamUser", $$""" "groupNames": [{{names}}], "groupRefs": [{{refs}}] """);

        Assert.Contains(state.Problems, p => p.StartsWith("spec: ") && p.Contains($"at most {IamLimits.GroupsPerUser} IAM groups"));
    }

    [Fact]
    public void The_managed_policies_per_entity_quota_is_one_number_in_the_CRD_and_the_reconciler()
    {
        Assert.Equal(IamLimits.ManagedPoliciesPerEntity, CrdNode("IamGroup", "spec.permissions.managedPolicyArns").MaxItems);
        Assert.Contains($"<= {IamLimits.ManagedPoliciesPerEntity}", Assert.Single(CrdNode("IamGroup", "spec.permissions").XKubernetesValidations).Rule);
        var arns = string.Join(", ", Enumerable.Range(0, IamLimits.ManagedPoliciesPerEntity).Select(i => $"\"arn:aws:iam::aws:policy/P{i}\""));

        var state = Build("IamGroup", $$""" "permissions": { "managedPolicyArns": [{{arns}}], "policyRefs": [{ "name": "one-more" }] } """);

        Assert.Contains(state.Problems, p => p.StartsWith("spec.permissions: ") && p.Contains($"at most {IamLimits.ManagedPoliciesPerEntity} managed policies"));
    }

    [Fact]
    public void The_declared_tags_quota_leaves_one_of_IAMs_tags_to_the_owner_tag_in_the_CRD_and_the_reconciler()
    {
        Assert.Equal(IamLimits.TagsPerEntity - 1, CrdNode("IamPolicy", "spec.tags").MaxProperties);
        var tags = string.Join(", ", Enumerable.Range(0, IamLimits.TagsPerEntity).Select(i => $"\"k{i}\": \"v\""));

        var state = Build("IamPolicy", $$""" "tags": { {{tags}} }, "document": {{Document}} """);

        Assert.Contains(state.Problems, p => p.StartsWith("spec.tags: ") && p.Contains($"must have at most {IamLimits.TagsPerEntity - 1}"));
    }

    /// <summary>Builds from JSON, as the informer hands the reconciler an object (folder mode's loader would refuse it first).</summary>
    private static DesiredState Build(string kind, string specFields)
    {
        var json = $$"""{ "apiVersion": "{{KubernetesApiGroup.ApiVersion}}", "kind": "{{kind}}", "metadata": { "name": "subject", "namespace": "team" }, "spec": { {{specFields}} } }""";
        IIamResource resource = kind switch
        {
            IamGroup.KindName => KubernetesJson.Deserialize<IamGroup>(json),
            IamUser.KindName => KubernetesJson.Deserialize<IamUser>(json),
            IamServiceRole.KindName => KubernetesJson.Deserialize<IamServiceRole>(json),
            _ => KubernetesJson.Deserialize<IamPolicy>(json),
        };
        return DesiredStateBuilder.Build(resource, Settings, new DictionaryLookup());
    }

    private static V1JSONSchemaProps CrdNode(string kind, string path)
    {
        var crd = CrdGenerator.Generate(KubernetesApiGroup.FindKind(kind)!);
        return path.Split('.').Aggregate(crd.Spec.Versions.Single().Schema.OpenAPIV3Schema, (node, field) => field switch
        {
            "[]" => (V1JSONSchemaProps)node.Items,
            "{}" => (V1JSONSchemaProps)node.AdditionalProperties,
            _ => node.Properties[field],
        });
    }
}
