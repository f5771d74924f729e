using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using IamOperator.Cli;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace IamOperator.Tests.Operator;

/// <summary>`iam-operator run` refuses to start, with a clear reason and exit code, when it cannot work.</summary>
public sealed class RunCommandTests
{
    [Fact]
    public async Task Run_without_an_owner_id_exits_2_and_says_how_to_set_it()
    {
        var (exitCode, error) = await RunAsync(["run", "--kubeconfig", "/nonexistent/kubeconfig"]);

        Assert.Equal(RunCommand.ExitInvalidSettings, exitCode);
        Assert.Contains("--owner-id", error, StringComparison.Ordinal);
        Assert.Contains("IAMOPERATOR__Controller__OwnerId", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_with_an_unreadable_kubeconfig_exits_7_naming_it()
    {
        var (exitCode, error) = await RunAsync(["run", "--kubeconfig", "/nonexistent/kubeconfig", "--owner-id", "test-cluster"]);

        Assert.Equal(ExitCodes.FileUnavailable, exitCode);
        Assert.StartsWith("error: cannot read the kubeconfig /nonexistent/kubeconfig", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Run_with_a_kubeconfig_that_is_not_one_exits_2_naming_it()
    {
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"kubeconfig-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(kubeconfig, "apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\n");
        try
        {
            var (exitCode, error) = await RunAsync(["run", "--kubeconfig", kubeconfig, "--owner-id", "test-cluster"]);

            Assert.Equal(RunCommand.ExitInvalidSettings, exitCode);
            Assert.StartsWith($"error: cannot load the Kubernetes configuration ({kubeconfig})", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, "The CRD iampolicies.iamoperator.dev is not installed")]
    [InlineData(HttpStatusCode.Forbidden, "RBAC forbids listing iampolicies.iamoperator.dev")]
    [InlineData(HttpStatusCode.Unauthorized, "rejected the credentials (401 Unauthorized")]
    public async Task Run_against_a_cluster_without_the_CRDs_or_the_RBAC_exits_3_naming_what_is_missing(HttpStatusCode answer, string expected)
    {
        await using var apiserver = await StartApiServerAnsweringAsync(answer);
        var kubeconfig = await WriteKubeconfigAsync(apiserver.Urls.First());
        try
        {
            var (exitCode, error) = await RunAsync(["run", "--kubeconfig", kubeconfig, "--owner-id", "test-cluster", "--health-port", "0"]);

            Assert.True(exitCode == RunCommand.ExitCrdsMissingOrForbidden, $"exit code {exitCode}: {error}");
            Assert.Contains(expected, error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }

    [Fact]
    public async Task Run_against_an_API_server_that_does_not_answer_exits_3_in_one_line_not_as_an_internal_error()
    {
        // Port 1 on the loopback refuses at once: the kubeconfig of a stopped cluster or a wrong context.
        var kubeconfig = await WriteKubeconfigAsync("http://127.0.0.1:1");
        try
        {
            var (exitCode, error) = await RunAsync(["run", "--kubeconfig", kubeconfig, "--owner-id", "test-cluster", "--health-port", "0"]);

            Assert.True(exitCode == RunCommand.ExitCrdsMissingOrForbidden, $"exit code {exitCode}: {error}");
            Assert.StartsWith("error: cannot reach the Kubernetes API server at http://127.0.0.1:1/", error, StringComparison.Ordinal);
            Assert.DoesNotContain("internal error", error, StringComparison.Ordinal);
            Assert.Single(error.TrimEnd().Split('\n'));
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }

    [Fact]
    public async Task A_health_address_that_is_not_an_IP_address_is_an_invalid_setting()
    {
        var (exitCode, error) = await RunAsync(["run", "--owner-id", "test-cluster", "--health-address", "everywhere", "--kubeconfig", "/nonexistent/kubeconfig"]);

        Assert.Equal(RunCommand.ExitInvalidSettings, exitCode);
        Assert.Contains("(--health-address) must be an IP address", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_settings_file_is_one_line_with_exit_code_7()
    {
        var (exitCode, error) = await RunAsync(["run", "--config", "/nonexistent/appsettings.json", "--owner-id", "test-cluster"]);

        Assert.Equal(ExitCodes.FileUnavailable, exitCode);
        Assert.StartsWith("error: cannot read the settings file /nonexistent/appsettings.json", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task A_settings_file_that_is_not_JSON_is_an_invalid_setting_naming_where_it_breaks()
    {
        var settings = Path.Combine(Path.GetTempPath(), $"appsettings-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(settings, "{ \"Controller\": ");
        try
        {
            var (exitCode, error) = await RunAsync(["run", "--config", settings, "--owner-id", "test-cluster"]);

            Assert.Equal(RunCommand.ExitInvalidSettings, exitCode);
            Assert.StartsWith($"error: the settings file {settings} is not valid JSON:", error, StringComparison.Ordinal);
            Assert.Contains("LineNumber", error, StringComparison.Ordinal);
            Assert.Single(error.TrimEnd().Split('\n'));
        }
        finally
        {
            File.Delete(settings);
        }
    }

    [Fact]
    public async Task A_health_port_in_use_is_one_line_with_exit_code_6()
    {
        await using var apiserver = await StartHealthyApiServerAsync();
        using var occupied = new TcpListener(IPAddress.Loopback, 0);
        occupied.Start();
        var port = ((IPEndPoint)occupied.LocalEndpoint).Port;
        var kubeconfig = await WriteKubeconfigAsync(apiserver.Urls.First());
        try
        {
            var (exitCode, error) = await RunAsync(QuietRun(kubeconfig, port));

            Assert.True(exitCode == ExitCodes.ListenerUnavailable, $"exit code {exitCode}: {error}");
            Assert.StartsWith($"error: cannot listen for /healthz, /readyz and /metrics on 127.0.0.1 port {port}:", error, StringComparison.Ordinal);
            Assert.Contains("--health-port", error, StringComparison.Ordinal);
            Assert.Single(error.TrimEnd().Split('\n'));
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }

    [Fact]
    public async Task With_health_address_127_0_0_1_the_listener_binds_only_that_address()
    {
        await using var apiserver = await StartHealthyApiServerAsync();
        var port = FreePort();
        var kubeconfig = await WriteKubeconfigAsync(apiserver.Urls.First());
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            var root = new RootCommand { RunCommand.Create() };
            var error = new StringWriter();
            var running = root.Parse(QuietRun(kubeconfig, port)).InvokeAsync(new InvocationConfiguration { Output = new StringWriter(), Error = error }, stop.Token);

            using var http = new HttpClient();
            await OperatorHarness.WaitUntilAsync(async () =>
            {
                Assert.False(running.IsCompleted, $"run exited: {error}");
                try
                {
                    return await http.GetStringAsync($"http://127.0.0.1:{port}/healthz", stop.Token) == "ok";
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, "/healthz answers on 127.0.0.1", TimeSpan.FromSeconds(30));

            // The kernel's table of listening TCP sockets: the only one on this port is bound to 127.0.0.1.
            Assert.Equal(["127.0.0.1"], ListeningAddresses(port));

            await stop.CancelAsync();
            await running;
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }

    /// <summary>run against the stand-in: no leader election, no drift scan, an IAM endpoint nothing answers (no real AWS).</summary>
    private static string[] QuietRun(string kubeconfig, int port) =>
    [
        "run", "--kubeconfig", kubeconfig, "--owner-id", "test-cluster", "--leader-election", "false", "--drift-scan-period", "0",
        "--iam-endpoint", "http://127.0.0.1:1/", "--health-address", "127.0.0.1", "--health-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
    ];

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Local addresses of the IPv4 and IPv6 sockets listening on <paramref name="port"/>, from /proc/net/tcp{,6}.</summary>
    private static List<string> ListeningAddresses(int port)
    {
        var addresses = new List<string>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" }.Where(File.Exists))
        {
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var local = fields[1].Split(':');
                // State 0A is LISTEN.
                if (fields[3] != "0A" || Convert.ToInt32(local[1], 16) != port) continue;
                var bytes = Convert.FromHexString(local[0]);
                // The kernel prints each 32-bit word in host (little-endian) order.
                for (var i = 0; i < bytes.Length; i += 4) Array.Reverse(bytes, i, 4);
                addresses.Add(new IPAddress(bytes).ToString());
            }
        }
        return addresses;
    }

    /// <summary>A kubeconfig file whose one context points at <paramref name="server"/> with a token nobody checks.</summary>
    private static async Task<string> WriteKubeconfigAsync(string server)
    {
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"kubeconfig-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(kubeconfig, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: test
              cluster:
                server: "{server}"
            users:
            - name: test
              user:
                token: not-checked-by-the-stand-in
            contexts:
            - name: test
              context:
                cluster: test
                user: test
            current-context: test
            """);
        return kubeconfig;
    }

    [Fact]
    public async Task Run_where_RBAC_withholds_Secrets_exits_3_naming_each_missing_verb()
    {
        await using var apiserver = await StartHealthyApiServerAsync(deniedResource: "secrets");
        var kubeconfig = await WriteKubeconfigAsync(apiserver.Urls.First());
        try
        {
            var (exitCode, error) = await RunAsync(["run", "--kubeconfig", kubeconfig, "--owner-id", "test-cluster", "--health-port", "0", "--namespaces", "team-a"]);

            Assert.True(exitCode == RunCommand.ExitCrdsMissingOrForbidden, $"exit code {exitCode}: {error}");
            Assert.Contains("RBAC forbids verbs the operator needs: get secrets in team-a, list secrets in team-a, watch secrets in team-a", error, StringComparison.Ordinal);
            Assert.Contains("delete secrets in team-a", error, StringComparison.Ordinal);
            Assert.DoesNotContain("iamusers", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }

    [Fact]
    public async Task Run_watching_listed_namespaces_asks_RBAC_for_the_cluster_scoped_kind_cluster_wide_and_for_its_Events_in_default()
    {
        await using var apiserver = await StartHealthyApiServerAsync(deniedResource: "iamaccountpasswordpolicies");
        var kubeconfig = await WriteKubeconfigAsync(apiserver.Urls.First());
        try
        {
            var (exitCode, error) = await RunAsync(["run", "--kubeconfig", kubeconfig, "--owner-id", "test-cluster", "--health-port", "0", "--namespaces", "team-a"]);

            Assert.True(exitCode == RunCommand.ExitCrdsMissingOrForbidden, $"exit code {exitCode}: {error}");
            Assert.Contains("RBAC forbids verbs the operator needs: get iamaccountpasswordpolicies.iamoperator.dev, list iamaccountpasswordpolicies.iamoperator.dev,", error, StringComparison.Ordinal);
            Assert.Contains("update iamaccountpasswordpolicies/finalizers.iamoperator.dev", error, StringComparison.Ordinal);
            Assert.DoesNotContain("iamaccountpasswordpolicies.iamoperator.dev in team-a", error, StringComparison.Ordinal);
            Assert.DoesNotContain("iamusers", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }

    [Fact]
    public async Task Run_watching_listed_namespaces_needs_Events_in_default_for_the_cluster_scoped_kind()
    {
        await using var apiserver = await StartHealthyApiServerAsync(deniedResource: "events");
        var kubeconfig = await WriteKubeconfigAsync(apiserver.Urls.First());
        try
        {
            var (exitCode, error) = await RunAsync(["run", "--kubeconfig", kubeconfig, "--owner-id", "test-cluster", "--health-port", "0", "--namespaces", "team-a"]);

            Assert.True(exitCode == RunCommand.ExitCrdsMissingOrForbidden, $"exit code {exitCode}: {error}");
            Assert.Contains("create events.events.k8s.io in default", error, StringComparison.Ordinal);
            Assert.Contains("create events.events.k8s.io in team-a", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }

    /// <summary>
    /// A stand-in apiserver with the CRDs installed and everything allowed (but <paramref name="deniedResource"/>, when
    /// given), and no resources: lists are empty, watches stay open.
    /// </summary>
    private static async Task<WebApplication> StartHealthyApiServerAsync(string? deniedResource = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(async context =>
        {
            context.Response.ContentType = "application/json";
            if (context.Request.Path.Value!.EndsWith("/selfsubjectaccessreviews", StringComparison.Ordinal))
            {
                var review = await System.Text.Json.Nodes.JsonNode.ParseAsync(context.Request.Body);
                var allowed = deniedResource is null || (string?)review?["spec"]?["resourceAttributes"]?["resource"] != deniedResource;
                await context.Response.WriteAsync($$$"""{"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectAccessReview","spec":{},"status":{"allowed":{{{(allowed ? "true" : "false")}}}}}""");
            }
            else if (context.Request.Query["watch"] == "true")
            {
                await context.Response.StartAsync();
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            else
            {
                await context.Response.WriteAsync("""{"apiVersion":"iamoperator.dev/v1alpha1","kind":"List","metadata":{"resourceVersion":"1"},"items":[]}""");
            }
        });
        await app.StartAsync();
        return app;
    }

    private static async Task<(int ExitCode, string Error)> RunAsync(string[] args)
    {
        var root = new RootCommand { RunCommand.Create() };
        var error = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var exitCode = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = new StringWriter(), Error = error }, timeout.Token);
        return (exitCode, error.ToString());
    }

    /// <summary>A stand-in apiserver that answers every request with one Kubernetes Status error.</summary>
    private static async Task<WebApplication> StartApiServerAnsweringAsync(HttpStatusCode status)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(context =>
        {
            context.Response.StatusCode = (int)status;
            context.Response.ContentType = "application/json";
            var reason = status switch { HttpStatusCode.NotFound => "NotFound", HttpStatusCode.Unauthorized => "Unauthorized", _ => "Forbidden" };
            return context.Response.WriteAsync($$"""{"kind":"Status","apiVersion":"v1","status":"Failure","message":"{{reason}}","reason":"{{reason}}","code":{{(int)status}}}""");
        });
        await app.StartAsync();
        return app;
    }
}
