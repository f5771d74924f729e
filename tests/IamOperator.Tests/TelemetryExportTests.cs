using IamOperator.Cli;
using IamOperator.Testing.Otlp;

namespace IamOperator.Tests;

/// <summary>
/// plan and apply export the operator's telemetry to the collector the standard OTEL_* variables name (a CI pipeline
/// previewing a GitOps change): one root span per resource with its IAM calls beneath, metrics and the resource
/// attributes, all flushed before the command returns.
/// </summary>
[Collection(ProcessWideStateCollection.Name)]
public sealed class TelemetryExportTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("iamoperator-telemetry-").FullName;

    public TelemetryExportTests() => File.WriteAllText(Path.Combine(folder, "team.yaml"), """
        apiVersion: iamoperator.dev/v1alpha1
        kind: IamGroup
        metadata: { name: readers, namespace: team }
        spec:
          iamName: Readers
          permissions:
            managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]
        ---
        apiVersion: iamoperator.dev/v1alpha1
        kind: IamUser
        metadata: { name: alice, namespace: team }
        spec:
          groupRefs: [{ name: readers }]
        ---
        apiVersion: iamoperator.dev/v1alpha1
        kind: IamPolicy
        metadata: { name: god-mode, namespace: team }
        spec:
          document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "*", Resource: "*" }] }
        """);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Apply_exports_one_root_span_per_resource_with_its_IAM_calls_beneath_to_the_OTLP_endpoint_before_it_exits()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using (new OtlpEnvironment(receiver,
            ("OTEL_SERVICE_NAME", "gitops-preview"),
            ("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=ci,vcs.change.id=42"),
            ("OTEL_EXPORTER_OTLP_HEADERS", "authorization=Bearer ci-token")))
        {
            var (exitCode, output, error) = await CliRun.InvokeAsync(["apply", "-f", folder, "--embedded", "--owner-id", "ci-test"]);
            Assert.True(exitCode == FolderReport.InvalidInput, output + error); // god-mode is Stalled by the guardrails
        }

        // No waiting: apply returned, so everything must have been flushed already.
        // Account-wide reads made once per run (the preflight, the account snapshot that finds renames) belong to no
        // resource: they are root IAM call spans of their own. Every other root is one resource's reconcile.
        var roots = receiver.Spans.Where(s => s.IsRoot && s.Scope != "IamOperator.Iam").ToList();
        Assert.All(receiver.Spans.Where(s => s.IsRoot && s.Scope == "IamOperator.Iam"),
            read => Assert.Contains(read.Name, new[] { "GetAccountSummary", "GetAccountAuthorizationDetails" }));
        Assert.Equal(["IamGroup/readers", "IamPolicy/god-mode", "IamUser/alice"],
            roots.Select(s => $"{s["k8s.resource.kind"]}/{s["k8s.resource.name"]}").Order());
        Assert.All(roots, root =>
        {
            Assert.Equal($"reconcile {root["k8s.resource.kind"]}", root.Name);
            Assert.Equal("team", root["k8s.namespace.name"]);
            Assert.Equal("apply", root["iamoperator.trigger"]);
        });
        var group = Assert.Single(roots, s => (string?)s["k8s.resource.name"] == "readers");
        var user = Assert.Single(roots, s => (string?)s["k8s.resource.name"] == "alice");
        var policy = Assert.Single(roots, s => (string?)s["k8s.resource.name"] == "god-mode");
        Assert.Equal("success", group["iamoperator.outcome"]);
        Assert.Equal("success", user["iamoperator.outcome"]);
        Assert.Equal("stalled", policy["iamoperator.outcome"]);

        var iamCalls = receiver.Spans.Where(s => s.Scope == "IamOperator.Iam").ToList();
        Assert.True(receiver.Descends(Assert.Single(iamCalls, s => s.Name == "CreateGroup"), group));
        Assert.True(receiver.Descends(Assert.Single(iamCalls, s => s.Name == "AttachGroupPolicy"), group));
        Assert.True(receiver.Descends(Assert.Single(iamCalls, s => s.Name == "CreateUser"), user));
        Assert.True(receiver.Descends(Assert.Single(iamCalls, s => s.Name == "AddUserToGroup"), user));
        Assert.All(iamCalls.Where(call => !call.IsRoot), call => Assert.Contains(roots, root => receiver.Descends(call, root)));
        Assert.DoesNotContain(iamCalls, call => receiver.Descends(call, policy)); // guardrails judge before any IAM call

        Assert.All(receiver.Spans, span =>
        {
            Assert.Equal("gitops-preview", span.Resource["service.name"]);
            Assert.Equal("ci", span.Resource["deployment.environment"]);
            Assert.Equal("42", span.Resource["vcs.change.id"]);
        });
        Assert.All(receiver.Headers, headers => Assert.Equal("Bearer ci-token", headers.Authorization.ToString()));
        Assert.Contains(receiver.Metrics, m => m.Name == "iamoperator.iam.calls" && m.Value == 1
            && (string?)m.Attributes["action"] == "CreateUser" && (string?)m.Attributes["outcome"] == "success");
    }

    [Fact]
    public async Task Plan_follows_OTEL_TRACES_SAMPLER_and_still_exports_its_metrics()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using (new OtlpEnvironment(receiver, ("OTEL_TRACES_SAMPLER", "always_off")))
        {
            var (exitCode, output, error) = await CliRun.InvokeAsync(["plan", "-f", folder, "--embedded", "--owner-id", "ci-test"]);
            Assert.True(exitCode == FolderReport.InvalidInput, output + error);
        }

        Assert.Empty(receiver.Spans);
        Assert.True(receiver.Metrics.Any(m => m.Name == "iamoperator.iam.calls" && m.Value >= 1 && (string?)m.Attributes["action"] == "GetAccountAuthorizationDetails"),
            string.Join("; ", receiver.Metrics.Where(m => m.Name == "iamoperator.iam.calls" && m.Value >= 1).Select(m => $"{m.Attributes["action"]}={m.Value}")));
        Assert.All(receiver.Metrics, m => Assert.Equal("iam-operator", m.Resource["service.name"]));
    }
}
