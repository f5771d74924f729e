using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using IamOperator.ApiServer.Tests.Fixture;
using IamOperator.Cli;
using IamOperator.Iam.Emulator;

namespace IamOperator.ApiServer.Tests.Operator;

/// <summary>
/// `iam-operator run` as the container starts it: against a real API server (kubeconfig) and an IAM endpoint, it
/// passes its start-up checks and serves /healthz, /readyz and /metrics until stopped.
/// </summary>
[Collection(RealApiServerCollection.Name)]
public sealed class RunCommandOnRealServerTests(RealApiServerFixture fixture)
{
    [RealApiServerFact]
    public async Task Run_starts_against_a_real_cluster_and_serves_health_readiness_and_metrics()
    {
        await fixture.Server.InstallCrdsAsync(TestPaths.OperatorCrds);
        await fixture.Server.InstallCrdsAsync(TestPaths.TestCrds);
        await using var emulator = await IamEmulatorServer.StartAsync(new IamEmulatorOptions());
        var credential = EmulatorCredential.DocumentationExample;
        // run takes AWS credentials from the SDK's default chain, as in a pod: here from the environment.
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", credential.AccessKeyId);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", credential.SecretAccessKey);
        var port = FreePort();
        var ns = $"run-{Guid.NewGuid():N}"[..16];
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var error = new StringWriter();
        var root = new RootCommand { RunCommand.Create() };
        var running = root.Parse([
            "run", "--kubeconfig", fixture.Server.KubeconfigPath, "--owner-id", "e2e-cluster", "--health-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--iam-endpoint", emulator.Endpoint.ToString(), "--namespaces", ns, "--lease-namespace", ns, "--drift-scan-period", "00:00:01",
        ]).InvokeAsync(new InvocationConfiguration { Output = new StringWriter(), Error = error }, stop.Token);

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        await WaitForAsync(http, "healthz", running, error);
        await WaitForAsync(http, "readyz", running, error);
        var metrics = await http.GetStringAsync("metrics");
        Assert.Contains("iamoperator_", metrics, StringComparison.Ordinal);
        // The runtime's meter: the GC heap as the process sees it, beside the kernel's RSS.
        Assert.Contains("dotnet_gc_", metrics, StringComparison.Ordinal);

        await stop.CancelAsync();
        Assert.Equal(0, await running);
    }

    private static async Task WaitForAsync(HttpClient http, string path, Task<int> running, StringWriter error)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(running.IsCompleted, $"run exited early with {(running.IsCompleted ? running.Result : 0)}: {error}");
            try
            {
                if ((await http.GetAsync(path)).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(200);
        }

        Assert.Fail($"/{path} never answered 200: {error}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
