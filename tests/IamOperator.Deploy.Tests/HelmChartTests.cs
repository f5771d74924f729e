namespace IamOperator.Deploy.Tests;

public sealed class HelmChartTests
{
    [DeployToolsFact]
    public async Task Chart_passes_helm_lint_strict()
    {
        var result = await HelmChart.RunAsync("lint", HelmChart.Folder, "--strict", "-f", HelmChart.TestValues);

        Assert.True(result.ExitCode == 0, result.Describe());
    }

    [DeployToolsFact]
    public async Task Every_rendered_object_and_CRD_matches_its_Kubernetes_schema()
    {
        var rendered = await HelmChart.TemplateAsync();
        var crds = Directory.GetFiles(Path.Combine(HelmChart.Folder, "crds"), "*.yaml").Order().Select(File.ReadAllText).ToList();
        var all = new RenderedManifests(string.Join("\n---\n", crds.Prepend(rendered.Yaml)));

        var result = await KubernetesSchemas.ValidateAsync(all.Yaml);

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Equal(Directory.EnumerateFiles(RepositoryRoot.Combine("config", "crd"), "*.yaml").Count(), all.OfKind("CustomResourceDefinition").Count());
        Assert.Equal(all.Objects.Count, result.StandardOutput.Split('\n').Count(l => l.StartsWith("ok ", StringComparison.Ordinal)));
    }

    [DeployToolsFact]
    public async Task Namespaced_install_with_every_option_set_matches_the_Kubernetes_schemas()
    {
        var rendered = await HelmChart.TemplateWithValuesAsync("""
            watchNamespaces: [team-a, team-b]
            replicaCount: 3
            image: {digest: "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}
            guardrails:
              allowedManagedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
              requiredPermissionsBoundaryArn: arn:aws:iam::123456789012:policy/iam-operator/Boundary
              requiredNamePrefixes: {team-a: team-a-}
            telemetry: {otlpEndpoint: "http://otel-collector.observability:4317", resourceAttributes: {deployment.environment: prod}}
            extraEnv: [{name: AWS_REGION, value: eu-west-1}]
            tolerations: [{key: dedicated, operator: Equal, value: platform, effect: NoSchedule}]
            topologySpreadConstraints:
              - {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {app.kubernetes.io/name: iam-operator}}}
            """);

        var result = await KubernetesSchemas.ValidateAsync(rendered.Yaml);

        Assert.True(result.ExitCode == 0, result.Describe());
    }

    [DeployToolsFact]
    public async Task Schema_check_rejects_a_manifest_that_breaks_the_Kubernetes_schema()
    {
        var result = await KubernetesSchemas.ValidateAsync("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: broken}
            spec:
              selector: {matchLabels: {app: x}}
              template:
                metadata: {labels: {app: x}}
                spec:
                  containers: [{name: c, image: i, ports: [{containerPort: not-a-number}]}]
            """);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("containerPort", result.StandardOutput);
    }

    [DeployToolsFact]
    public async Task Operator_runs_two_replicas_with_leader_election_on_a_lease_in_its_namespace()
    {
        var rendered = await HelmChart.TemplateAsync();

        Assert.Equal(2, (int)rendered.Deployment["spec"]!["replicas"]!);
        var environment = rendered.OperatorEnvironment;
        Assert.Equal("true", environment["IAMOPERATOR__LeaderElection__Enabled"]);
        Assert.Equal("iam-operator", environment["IAMOPERATOR__LeaderElection__LeaseName"]);
        Assert.Equal(HelmChart.Namespace, environment["IAMOPERATOR__LeaderElection__LeaseNamespace"]);
    }

    [DeployToolsFact]
    public async Task Probes_use_the_health_endpoints_on_the_health_port()
    {
        var rendered = await HelmChart.TemplateAsync("healthPort=9090");
        var container = rendered.OperatorContainer;

        Assert.Contains("--health-port=9090", container["args"]!.AsArray().Select(a => (string?)a));
        Assert.Equal(9090, (int)container["ports"]![0]!["containerPort"]!);
        Assert.Equal("/healthz", (string?)container["livenessProbe"]!["httpGet"]!["path"]);
        Assert.Equal("/readyz", (string?)container["readinessProbe"]!["httpGet"]!["path"]);
        Assert.Equal("http-metrics", (string?)container["livenessProbe"]!["httpGet"]!["port"]);
        Assert.Equal("run", (string?)container["args"]![0]);
    }

    [DeployToolsFact]
    public async Task Pod_runs_non_root_with_read_only_root_filesystem_no_capabilities_and_RuntimeDefault_seccomp()
    {
        var rendered = await HelmChart.TemplateAsync();
        var pod = rendered.Deployment["spec"]!["template"]!["spec"]!;
        var container = rendered.OperatorContainer["securityContext"]!;

        Assert.True((bool)pod["securityContext"]!["runAsNonRoot"]!);
        Assert.NotEqual(0, (int)pod["securityContext"]!["runAsUser"]!);
        Assert.Equal("RuntimeDefault", (string?)pod["securityContext"]!["seccompProfile"]!["type"]);
        Assert.True((bool)container["readOnlyRootFilesystem"]!);
        Assert.False((bool)container["allowPrivilegeEscalation"]!);
        Assert.False((bool)container["privileged"]!);
        Assert.Equal(["ALL"], container["capabilities"]!["drop"]!.AsArray().Select(c => (string?)c));
        Assert.Null(container["capabilities"]!["add"]);
        Assert.Equal("RuntimeDefault", (string?)container["seccompProfile"]!["type"]);
        // With a read-only root filesystem, .NET still needs a writable /tmp.
        Assert.Contains(rendered.OperatorContainer["volumeMounts"]!.AsArray(), m => (string?)m!["mountPath"] == "/tmp");
    }

    [DeployToolsFact]
    public async Task Container_has_resource_requests_and_a_memory_limit()
    {
        var rendered = await HelmChart.TemplateAsync();
        var resources = rendered.OperatorContainer["resources"]!;

        Assert.NotNull(resources["requests"]!["cpu"]);
        Assert.NotNull(resources["requests"]!["memory"]);
        Assert.NotNull(resources["limits"]!["memory"]);
    }

    [DeployToolsFact]
    public async Task ServiceAccount_carries_the_IRSA_role_annotation_from_values()
    {
        var rendered = await HelmChart.TemplateAsync("serviceAccount.roleArn=arn:aws:iam::210987654321:role/ops/iam-operator");
        var account = rendered.Single("ServiceAccount");

        Assert.Equal("arn:aws:iam::210987654321:role/ops/iam-operator", (string?)account["metadata"]!["annotations"]!["eks.amazonaws.com/role-arn"]);
        Assert.Equal((string?)account["metadata"]!["name"], (string?)rendered.Deployment["spec"]!["template"]!["spec"]!["serviceAccountName"]);
    }

    [DeployToolsFact]
    public async Task Without_a_role_arn_the_ServiceAccount_has_no_IRSA_annotation_for_EKS_Pod_Identity()
    {
        var rendered = await HelmChart.TemplateAsync("serviceAccount.roleArn=");

        Assert.Null(rendered.Single("ServiceAccount")["metadata"]!["annotations"]);
    }

    [DeployToolsFact]
    public async Task PodDisruptionBudget_keeps_a_leader_candidate_during_voluntary_disruptions()
    {
        var rendered = await HelmChart.TemplateAsync();
        var budget = rendered.Single("PodDisruptionBudget");

        Assert.Equal(1, (int)budget["spec"]!["maxUnavailable"]!);
        Assert.Equal(
            rendered.Deployment["spec"]!["selector"]!["matchLabels"]!.ToJsonString(),
            budget["spec"]!["selector"]!["matchLabels"]!.ToJsonString());
    }

    [DeployToolsFact]
    public async Task A_single_replica_gets_no_PodDisruptionBudget_that_would_block_node_drains()
    {
        var rendered = await HelmChart.TemplateAsync("replicaCount=1");

        Assert.Empty(rendered.OfKind("PodDisruptionBudget"));
    }

    [DeployToolsFact]
    public async Task Metrics_Service_targets_the_operator_pods_on_the_metrics_port()
    {
        var rendered = await HelmChart.TemplateAsync();
        var service = rendered.Single("Service");

        Assert.Equal("http-metrics", (string?)service["spec"]!["ports"]![0]!["targetPort"]);
        Assert.Equal(
            rendered.Deployment["spec"]!["selector"]!["matchLabels"]!.ToJsonString(),
            service["spec"]!["selector"]!.ToJsonString());
    }

    [DeployToolsFact]
    public async Task ServiceMonitor_is_rendered_only_when_enabled_and_scrapes_metrics()
    {
        var without = await HelmChart.TemplateAsync("metrics.serviceMonitor.enabled=false");
        var with = await HelmChart.TemplateAsync("metrics.serviceMonitor.enabled=true");

        Assert.Empty(without.OfKind("ServiceMonitor"));
        var endpoint = with.Single("ServiceMonitor")["spec"]!["endpoints"]![0]!;
        Assert.Equal("http-metrics", (string?)endpoint["port"]);
        Assert.Equal("/metrics", (string?)endpoint["path"]);
    }

    [DeployToolsFact]
    public async Task Rendering_without_an_owner_id_fails_and_says_which_value_is_missing()
    {
        var result = await HelmChart.TryTemplateAsync(["controller.ownerId="]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("controller.ownerId is required", result.StandardError);
    }

    [DeployToolsFact]
    public async Task OTLP_endpoint_is_passed_as_the_standard_OpenTelemetry_variables()
    {
        var rendered = await HelmChart.TemplateAsync("telemetry.otlpEndpoint=http://collector:4317", "telemetry.otlpProtocol=grpc");
        var environment = rendered.OperatorEnvironment;

        Assert.Equal("http://collector:4317", environment["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("grpc", environment["OTEL_EXPORTER_OTLP_PROTOCOL"]);
        Assert.Equal("iam-iam-operator", environment["OTEL_SERVICE_NAME"]);
    }

    [DeployToolsFact]
    public async Task Logs_are_json_by_default_and_console_when_asked()
    {
        var byDefault = await HelmChart.TemplateAsync();
        var console = await HelmChart.TemplateAsync("logFormat=console");

        Assert.Contains("--log-format=json", byDefault.OperatorContainer["args"]!.AsArray().Select(a => (string?)a));
        Assert.Contains("--log-format=console", console.OperatorContainer["args"]!.AsArray().Select(a => (string?)a));
    }

    [DeployToolsFact]
    public async Task Without_an_OTLP_endpoint_no_exporter_endpoint_is_set()
    {
        var rendered = await HelmChart.TemplateAsync();

        Assert.DoesNotContain("OTEL_EXPORTER_OTLP_ENDPOINT", rendered.OperatorEnvironment.Keys);
    }

    [DeployToolsFact]
    public async Task Image_defaults_to_the_chart_appVersion_and_can_be_pinned_by_digest()
    {
        var byTag = await HelmChart.TemplateAsync();
        var byDigest = await HelmChart.TemplateAsync("image.digest=sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");

        var appVersion = YamlDocuments.Parse(await File.ReadAllTextAsync(Path.Combine(HelmChart.Folder, "Chart.yaml")))[0]["appVersion"]!.ToString();
        Assert.Equal($"ghcr.io/iamoperator/iam-operator:{appVersion}", (string?)byTag.OperatorContainer["image"]);
        Assert.Equal("ghcr.io/iamoperator/iam-operator@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", (string?)byDigest.OperatorContainer["image"]);
    }

    [Fact]
    public void NOTES_tell_how_to_wait_for_Ready_and_where_the_runbook_is()
    {
        // helm renders NOTES.txt only on install (which needs a cluster); helm lint above renders it for syntax.
        var notes = File.ReadAllText(Path.Combine(HelmChart.Folder, "templates", "NOTES.txt"));

        Assert.Contains("kubectl wait --for=condition=Ready", notes);
        Assert.Contains("docs/runbook.md", notes);
        Assert.Contains("iamoperator.dev/owner", notes);
    }
}
