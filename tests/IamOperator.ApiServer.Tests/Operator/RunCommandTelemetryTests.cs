using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using IamOperator.ApiServer.Tests.Fixture;
using IamOperator.Cli;
using IamOperator.Controllers;
using IamOperator.Iam.Emulator;
using IamOperator.Operator;
using IamOperator.Resources;
using IamOperator.Testing.Otlp;

namespace IamOperator.ApiServer.Tests.Operator;

/// <summary>
/// `iam-operator run` as the chart starts it, with the standard OTEL_* variables naming a collector (here an in-test
/// OTLP/HTTP receiver): traces, metrics and logs reach it, the runbook's counters exist at 0 before any reconcile,
/// and probes and scrapes do not flood the logs.
/// </summary>
[Collection(RealApiServerCollection.Name)]
public sealed partial class RunCommandTelemetryTests(RealApiServerFixture fixture)
{
    [RealApiServerFact]
    public async Task Run_exports_a_root_span_per_reconcile_with_its_IAM_calls_beneath_metrics_and_logs_to_the_OTEL_endpoint()
    {
        var server = fixture.Server;
        await server.InstallCrdsAsync(TestPaths.OperatorCrds);
        await server.InstallCrdsAsync(TestPaths.TestCrds);
        await using var emulator = await IamEmulatorServer.StartAsync(new IamEmulatorOptions());
        var credential = EmulatorCredential.DocumentationExample;
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", credential.AccessKeyId);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", credential.SecretAccessKey);
        await using var receiver = await OtlpReceiver.StartAsync();
        var ns = $"otel-{Guid.NewGuid():N}"[..16];
        var port = FreePort();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var error = new StringWriter();
        Task<int> running;
        // The variables are read when run starts; the other tests of this collection run after it is stopped.
        using (new OtlpEnvironment(receiver, ("OTEL_SERVICE_NAME", "iam-operator-e2e"), ("OTEL_RESOURCE_ATTRIBUTES", $"iamoperator.test.namespace={ns}")))
        {
            running = new RootCommand { RunCommand.Create() }.Parse([
                "run", "--kubeconfig", server.KubeconfigPath, "--owner-id", "otel-cluster", "--health-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--iam-endpoint", emulator.Endpoint.ToString(), "--namespaces", ns, "--lease-namespace", ns, "--drift-scan-period", "00:00:00",
            ]).InvokeAsync(new InvocationConfiguration { Output = new StringWriter(), Error = error }, stop.Token);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            await WaitForAsync(async () => (await TryGetAsync(http, "readyz")) == HttpStatusCode.OK, "/readyz answers 200", running, error);

            // Before any reconcile, every runbook counter is a series at 0.
            var metrics = await http.GetStringAsync("metrics");
            Assert.Equal(0, Series(metrics, "iamoperator_iam_throttles_total", "action=\"CreateUser\""));
            Assert.Equal(0, Series(metrics, "iamoperator_iam_retries_total", "action=\"CreateUser\""));
            Assert.Equal(0, Series(metrics, "iamoperator_reconcile_retries_total", "kind=\"IamUser\""));
            Assert.Equal(0, Series(metrics, "iamoperator_drift_corrections_total", "kind=\"IamUser\""));
            Assert.Equal(0, Series(metrics, "iamoperator_reconciles_total", "kind=\"IamPolicy\"", "outcome=\"stalled\""));

            using var client = server.CreateClient();
            var kubernetes = new KubernetesClientApi(client);
            await kubernetes.CreateAsync(IamResourceKinds.User, new IamUser { Metadata = new() { Name = "otel-user", NamespaceProperty = ns } }, stop.Token);
            var godMode = new IamPolicy { Metadata = new() { Name = "god-mode", NamespaceProperty = ns } };
            godMode.Spec.Document = JsonDocument.Parse("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""").RootElement.Clone();
            await kubernetes.CreateAsync(IamResourceKinds.Policy, godMode, stop.Token);

            await WaitForAsync(() => Task.FromResult(
                Roots(receiver, ns, "otel-user").Any(root => receiver.Spans.Any(s => s.Name == "CreateUser" && receiver.Descends(s, root)))
                && Roots(receiver, ns, "god-mode").Any(root => (string?)root["iamoperator.outcome"] == "stalled")
                && receiver.Metrics.Any(m => m.Name == "iamoperator.reconciles" && m.Value >= 1
                    && (string?)m.Attributes["kind"] == "IamPolicy" && (string?)m.Attributes["outcome"] == "stalled")),
                "the reconcile spans and metrics reach the receiver", running, error);

            // Probes and scrapes, as the kubelet and Prometheus make them all the time.
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(HttpStatusCode.OK, await TryGetAsync(http, "healthz"));
                Assert.Equal(HttpStatusCode.OK, await TryGetAsync(http, "readyz"));
                Assert.Equal(HttpStatusCode.OK, await TryGetAsync(http, "metrics"));
            }

            await stop.CancelAsync();
            Assert.Equal(0, await running);
        }

        var user = Roots(receiver, ns, "otel-user")[0];
        Assert.Equal("reconcile IamUser", user.Name);
        Assert.Equal("IamUser", user["k8s.resource.kind"]);
        Assert.Equal("iam-operator-e2e", user.Resource["service.name"]);
        Assert.Equal(ns, user.Resource["iamoperator.test.namespace"]);
        var createUser = Assert.Single(receiver.Spans, s => s.Name == "CreateUser" && receiver.Descends(s, user));
        Assert.Equal("IamOperator.Iam", createUser.Scope);

        // Logs arrive, flushed at exit, carry the trace of the reconcile they were written in, and none is about a request:
        // only the operator's own categories and the host's start and stop lines.
        var logs = receiver.Logs.Where(l => (string?)l.Resource["iamoperator.test.namespace"] == ns).ToList();
        Assert.Contains(logs, l => l.Body.StartsWith("Controller for", StringComparison.Ordinal) && l.Body.Contains("stopped", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Category == "IamOperator.Reconciliation.IamResourceReconciler" && l.TraceId == user.TraceId);
        Assert.All(logs, l => Assert.True(
            l.Category.StartsWith("IamOperator.", StringComparison.Ordinal) || l.Category == "Microsoft.Hosting.Lifetime", $"{l.Category}: {l.Body}"));
    }

    private static List<OtlpSpan> Roots(OtlpReceiver receiver, string ns, string name) =>
        [.. receiver.Spans.Where(s => s.IsRoot && (string?)s["k8s.namespace.name"] == ns && (string?)s["k8s.resource.name"] == name)];

    /// <summary>The value of the one Prometheus series of <paramref name="metric"/> carrying every label given; fails when there is none.</summary>
    private static double Series(string exposition, string metric, params string[] labels)
    {
        var values = SampleLine().Matches(exposition)
            .Where(m => m.Groups["name"].Value == metric && labels.All(l => m.Groups["labels"].Value.Contains(l, StringComparison.Ordinal)))
            .Select(m => double.Parse(m.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
        Assert.True(values.Count == 1, $"{values.Count} series {metric}{{{string.Join(",", labels)}}} in:\n{exposition}");
        return values[0];
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)\{(?<labels>[^}]*)\} (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex SampleLine();

    private static async Task<HttpStatusCode?> TryGetAsync(HttpClient http, string path)
    {
        try
        {
            using var response = await http.GetAsync(path);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null; // not listening yet
        }
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what, Task<int> running, StringWriter error)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(running.IsCompleted, $"run exited early with {(running.IsCompleted ? running.Result : 0)}: {error}");
            if (await condition())
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"timed out waiting until {what}: {error}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
