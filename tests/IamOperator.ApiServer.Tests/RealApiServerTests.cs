using System.Net;
using IamOperator.ApiServer.Tests.Fixture;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace IamOperator.ApiServer.Tests;

/// <summary>The fixture itself: the server starts, is what clients expect, and judges CRDs.</summary>
[Collection(RealApiServerCollection.Name)]
public sealed class RealApiServerTests(RealApiServerFixture fixture)
{
    [RealApiServerFact]
    public async Task Server_reports_a_parsable_Kubernetes_version()
    {
        using var client = new Kubernetes(fixture.Server.ClientConfiguration);

        var body = await client.HttpClient.GetStringAsync(new Uri(fixture.Server.Endpoint, "/version"));
        var version = KubernetesJson.Deserialize<VersionInfo>(body);

        Assert.Equal("1", version.Major);
        Assert.Matches(@"^v1\.\d+\.\d+$", version.GitVersion);
    }

    [RealApiServerFact]
    public async Task Test_crds_install_and_become_Established()
    {
        var installed = await fixture.Server.InstallCrdsAsync(TestPaths.TestCrds);

        Assert.Contains(installed, crd => crd.Metadata.Name == "widgets.test.iamoperator.dev");
        Assert.Contains(installed, crd => crd.Metadata.Name == "leases.coordination.k8s.io");
        Assert.All(installed, crd => Assert.Contains(crd.Status.Conditions, c => c.Type == "Established" && c.Status == "True"));
    }

    [RealApiServerFact]
    public async Task A_CRD_whose_CEL_rule_does_not_compile_is_refused_with_the_servers_reason()
    {
        var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(await File.ReadAllTextAsync(
            Path.Combine(TestPaths.TestCrds, "widgets.test.iamoperator.dev.yaml")));
        crd.Metadata.Name = "brokenwidgets.test.iamoperator.dev";
        crd.Spec.Names = new V1CustomResourceDefinitionNames { Plural = "brokenwidgets", Kind = "BrokenWidget" };
        crd.Spec.Versions[0].Schema.OpenAPIV3Schema.Properties["spec"].XKubernetesValidations[0].Rule = "self.size > 'five'";

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Server.InstallCrdAsync(crd));

        Assert.Contains("brokenwidgets.test.iamoperator.dev", refused.Message);
        Assert.Contains("x-kubernetes-validations", refused.Message);
    }

    [RealApiServerFact]
    public async Task Core_API_is_not_served()
    {
        using var client = fixture.Server.CreateClient();

        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ListNamespaceAsync());

        Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);
    }
}
