using IamOperator.Resources.Manifests;

namespace IamOperator.Resources.Tests;

/// <summary>IamAccountPasswordPolicy manifests: cluster-scoped, IAM's ranges, and no entity fields it has no use for.</summary>
public class AccountPasswordPolicyManifestTests
{
    private static ManifestSet Load(string spec, string metadata = "{ name: account }") => ManifestLoader.LoadText($"""
        apiVersion: iamoperator.dev/v1alpha1
        kind: IamAccountPasswordPolicy
        metadata: {metadata}
        spec:
        {spec}
        """, "policy.yaml");

    [Fact]
    public void A_policy_loads_without_a_namespace_and_one_written_in_the_manifest_is_not_kept_as_for_any_cluster_scoped_object()
    {
        var plain = Load("  minimumPasswordLength: 14");
        var namespaced = Load("  minimumPasswordLength: 14", "{ name: account, namespace: iam-team }");

        Assert.Empty(plain.Problems);
        Assert.Null(Assert.Single(plain.Resources).Metadata.NamespaceProperty);
        Assert.Null(Assert.Single(namespaced.Resources).Metadata.NamespaceProperty);
    }

    [Theory]
    [InlineData("minimumPasswordLength: 5", "spec.minimumPasswordLength")]
    [InlineData("minimumPasswordLength: 129", "spec.minimumPasswordLength")]
    [InlineData("maxPasswordAgeDays: 0", "spec.maxPasswordAgeDays")]
    [InlineData("maxPasswordAgeDays: 1096", "spec.maxPasswordAgeDays")]
    [InlineData("passwordReusePrevention: 25", "spec.passwordReusePrevention")]
    [InlineData("iamName: account", "spec.iamName")]
    [InlineData("adoptionPolicy: Adopt", "spec.adoptionPolicy")]
    public void A_value_outside_UpdateAccountPasswordPolicys_ranges_or_an_entity_field_is_a_problem_of_that_field(string field, string path)
    {
        var set = Load("  " + field);

        Assert.Empty(set.Resources);
        Assert.Equal(path, Assert.Single(set.Problems).FieldPath);
    }

    [Fact]
    public void The_edges_of_the_ranges_are_accepted()
    {
        Assert.Empty(Load("  minimumPasswordLength: 128\n  maxPasswordAgeDays: 1095\n  passwordReusePrevention: 24").Problems);
        Assert.Empty(Load("  minimumPasswordLength: 6\n  maxPasswordAgeDays: 1\n  passwordReusePrevention: 1").Problems);
    }
}
