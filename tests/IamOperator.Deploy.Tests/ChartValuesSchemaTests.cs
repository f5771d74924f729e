namespace IamOperator.Deploy.Tests;

/// <summary>values.schema.json stops a bad install before anything reaches the cluster, naming the value.</summary>
public sealed class ChartValuesSchemaTests
{
    [DeployToolsTheory]
    [InlineData("replicaCount=two", "replicaCount")]
    [InlineData("replicaCount=0", "replicaCount")]
    [InlineData("iam.burst=0", "iam.burst")]
    [InlineData("controller.resyncPeriod=10m", "controller.resyncPeriod")]
    [InlineData("controller.namespaces={Team_A}", "controller.namespaces.0")]
    [InlineData("serviceAccount.roleArn=my-role", "serviceAccount.roleArn")]
    [InlineData("guardrails.requiredPermissionsBoundaryArn=boundary", "guardrails.requiredPermissionsBoundaryArn")]
    [InlineData("logLevel=Verbose", "logLevel")]
    [InlineData("admissionPolicy.validationActions={Block}", "admissionPolicy.validationActions.0")]
    [InlineData("image.digest=latest", "image.digest")]
    [InlineData("healthPort=70000", "healthPort")]
    [InlineData("replicaCont=2", "replicaCont")]
    public async Task Invalid_value_is_rejected_with_its_path(string setting, string path)
    {
        var result = await HelmChart.TryTemplateAsync([setting]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("don't meet the specifications of the schema", result.StandardError);
        Assert.Contains(path, result.StandardError);
    }

    [DeployToolsFact]
    public async Task Default_values_satisfy_the_schema()
    {
        var result = await HelmChart.TryTemplateAsync([]);

        Assert.True(result.ExitCode == 0, result.Describe());
    }
}
