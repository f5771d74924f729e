namespace IamOperator.Deploy.Tests;

/// <summary>values.schema.json stops a bad install before anything reaches the cluster, naming each bad value.</summary>
public sealed class ChartValuesSchemaTests
{
    // Helm reports every schema violation of one render at once, so each set is one helm run.
    public static TheoryData<string[], string[]> InvalidValueSets => new()
    {
        {
            [
                "replicaCount=two", "iam.burst=0", "controller.resyncPeriod=10", "watchNamespaces={Team_A}",
                "serviceAccount.roleArn=my-role", "guardrails.requiredPermissionsBoundaryArn=boundary", "logLevel=Verbose",
                "admissionPolicy.validationActions={Block}", "image.digest=latest", "healthPort=70000", "replicaCont=2",
            ],
            [
                "replicaCount", "iam.burst", "controller.resyncPeriod", "watchNamespaces.0",
                "serviceAccount.roleArn", "guardrails.requiredPermissionsBoundaryArn", "logLevel",
                "admissionPolicy.validationActions.0", "image.digest", "healthPort",
                "(root): Additional property replicaCont is not allowed",
            ]
        },
        {
            ["replicaCount=0", "leaderElection.leaseDuration=15 seconds", "metrics.serviceMonitor.interval=often", "telemetry.otlpProtocol=udp", "logFormat=text"],
            ["replicaCount", "leaderElection.leaseDuration", "metrics.serviceMonitor.interval", "telemetry.otlpProtocol", "logFormat"]
        },
    };

    [DeployToolsTheory]
    [MemberData(nameof(InvalidValueSets))]
    public async Task Invalid_values_are_rejected_each_with_its_path(string[] settings, string[] reported)
    {
        var result = await HelmChart.TryTemplateAsync(settings);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("don't meet the specifications of the schema", result.StandardError);
        Assert.All(reported, path => Assert.Contains(path.Contains(' ') ? $"- {path}" : $"- {path}:", result.StandardError));
    }

    [DeployToolsFact]
    public async Task Default_values_satisfy_the_schema()
    {
        var result = await HelmChart.TryTemplateAsync([]);

        Assert.True(result.ExitCode == 0, result.Describe());
    }
}
