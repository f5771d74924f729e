using System.CommandLine;
using System.Net;
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
    public async Task Run_with_an_unreadable_kubeconfig_exits_2_naming_it()
    {
        var (exitCode, error) = await RunAsync(["run", "--kubeconfig", "/nonexistent/kubeconfig", "--owner-id", "test-cluster"]);

        Assert.Equal(RunCommand.ExitInvalidSettings, exitCode);
        Assert.Contains("/nonexistent/kubeconfig", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, "The CRD iampolicies.iamoperator.dev is not installed")]
    [InlineData(HttpStatusCode.Forbidden, "RBAC forbids listing iampolicies.iamoperator.dev")]
    public async Task Run_against_a_cluster_without_the_CRDs_or_the_RBAC_exits_3_naming_what_is_missing(HttpStatusCode answer, string expected)
    {
        await using var apiserver = await StartApiServerAnsweringAsync(answer);
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"kubeconfig-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(kubeconfig, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: test
              cluster:
                server: "{apiserver.Urls.First()}"
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
            var reason = status == HttpStatusCode.NotFound ? "NotFound" : "Forbidden";
            return context.Response.WriteAsync($$"""{"kind":"Status","apiVersion":"v1","status":"Failure","message":"{{reason}}","reason":"{{reason}}","code":{{(int)status}}}""");
        });
        await app.StartAsync();
        return app;
    }
}
