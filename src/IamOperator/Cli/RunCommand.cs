using System.CommandLine;
using System.Diagnostics.Metrics;
using IamOperator.Controllers;
using IamOperator.Hosting;
using IamOperator.Iam;
using IamOperator.Operator;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IamOperator.Cli;

/// <summary>
/// <c>iam-operator run</c>: the operator in a cluster. Settings from appsettings.json, IAMOPERATOR__* environment
/// variables and flags (flags win); kubeconfig as kubectl finds it, or the in-cluster config.
/// </summary>
public static class RunCommand
{
    public const int ExitInvalidSettings = 2;
    public const int ExitCrdsMissingOrForbidden = 3;

    public static Command Create()
    {
        var config = new Option<FileInfo?>("--config") { Description = "A JSON settings file (default: appsettings.json beside the working directory, if present)." };
        var kubeconfig = new Option<FileInfo?>("--kubeconfig") { Description = "Kubeconfig file (default: KUBECONFIG, ~/.kube/config, or the in-cluster config)." };
        var flags = new Dictionary<string, Option>
        {
            ["Iam:Endpoint"] = new Option<Uri?>("--iam-endpoint") { Description = "IAM endpoint (default https://iam.amazonaws.com); any IAM-compatible endpoint." },
            ["Iam:SigningRegion"] = new Option<string?>("--region") { Description = "SigV4 signing region of the IAM endpoint (default us-east-1)." },
            ["Iam:RequestsPerSecond"] = new Option<double?>("--iam-requests-per-second") { Description = "Process-wide IAM call rate (default 10)." },
            ["Iam:Burst"] = new Option<int?>("--iam-burst") { Description = "IAM calls allowed in a burst (default 20)." },
            ["Controller:OwnerId"] = new Option<string?>("--owner-id") { Description = "This cluster's id in owner tags; unique per cluster (required)." },
            ["Controller:ResyncPeriod"] = new Option<TimeSpan?>("--resync-period") { Description = "Every resource is reconciled again this often (default 00:10:00)." },
            ["Controller:DriftScanPeriod"] = new Option<TimeSpan?>("--drift-scan-period") { Description = "Bulk IAM read that enqueues drifted resources (default 00:05:00; 0 turns it off)." },
            ["Controller:MaxConcurrentReconciles"] = new Option<int?>("--max-concurrent-reconciles") { Description = "Reconciles per kind at once (default 4)." },
            ["Controller:HealthPort"] = new Option<int?>("--health-port") { Description = "Port of /healthz, /readyz and /metrics (default 8080)." },
            ["LeaderElection:Enabled"] = new Option<bool?>("--leader-elect") { Description = "Elect one active replica through a Lease (default true)." },
            ["LeaderElection:LeaseName"] = new Option<string?>("--lease-name") { Description = "Lease name (default iam-operator)." },
            ["LeaderElection:LeaseNamespace"] = new Option<string?>("--lease-namespace") { Description = "Lease namespace (default: POD_NAMESPACE, else default)." },
            ["Guardrails:Enabled"] = new Option<bool?>("--guardrails") { Description = "Policy guardrails (default true)." },
            ["Guardrails:RequiredPermissionsBoundaryArn"] = new Option<string?>("--required-permissions-boundary") { Description = "Users and roles must carry this permissions boundary." },
        };
        var namespaces = new Option<string[]>("--namespace", "-n") { Description = "Watch only these namespaces (repeatable; default all).", AllowMultipleArgumentsPerToken = true };

        var command = new Command("run", "Run the operator: watch IamGroup, IamUser, IamServiceRole and IamPolicy resources and keep AWS IAM equal to them.");
        command.Options.Add(config);
        command.Options.Add(kubeconfig);
        command.Options.Add(namespaces);
        foreach (var option in flags.Values) command.Options.Add(option);

        command.SetAction(async (parse, cancellationToken) =>
        {
            var overrides = new Dictionary<string, string?>();
            foreach (var (key, option) in flags)
            {
                if (parse.GetResult(option) is { Implicit: false } result && result.GetValueOrDefault<object?>() is { } value)
                {
                    overrides[key] = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
                }
            }
            var watched = parse.GetValue(namespaces) ?? [];
            for (var i = 0; i < watched.Length; i++) overrides[$"Controller:Namespaces:{i}"] = watched[i];
            return await RunAsync(parse.GetValue(config), parse.GetValue(kubeconfig), overrides, parse.InvocationConfiguration.Error, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(FileInfo? configFile, FileInfo? kubeconfig, Dictionary<string, string?> overrides, TextWriter error, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration
            .AddJsonFile(configFile?.FullName ?? Path.Combine(Environment.CurrentDirectory, "appsettings.json"), optional: configFile is null)
            .AddEnvironmentVariables("IAMOPERATOR__")
            .AddInMemoryCollection(overrides);
        builder.Logging.AddOperatorJsonLogs();
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));

        OperatorOptions options;
        try
        {
            options = builder.Configuration.Get<OperatorOptions>() ?? new OperatorOptions();
        }
        catch (InvalidOperationException e)
        {
            await error.WriteLineAsync($"error: invalid setting: {e.Message}");
            return ExitInvalidSettings;
        }
        if (string.IsNullOrWhiteSpace(options.Controller.OwnerId))
        {
            await error.WriteLineAsync("error: Controller:OwnerId is not set: give this cluster a unique id (--owner-id or IAMOPERATOR__Controller__OwnerId); it is written into every owner tag so two clusters never take each other's IAM entities.");
            return ExitInvalidSettings;
        }
        options.LeaderElection.LeaseNamespace ??= Environment.GetEnvironmentVariable("POD_NAMESPACE") ?? "default";
        // Leader election tells replicas apart by identity: the pod name in a cluster, else host plus a random suffix.
        var identity = Environment.GetEnvironmentVariable("POD_NAME") is { Length: > 0 } pod ? pod : $"{Environment.MachineName}_{Guid.NewGuid():N}";

        builder.WebHost.ConfigureKestrel(k => k.ListenAnyIP(options.Controller.HealthPort));
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(40));
        builder.Services.AddOperatorTelemetry(OperatorTelemetry.OtlpRequested(Environment.GetEnvironmentVariable));

        var kubernetesConfig = kubeconfig is null
            ? KubernetesClientConfiguration.BuildDefaultConfig()
            : KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig.FullName);
        var kubernetes = new Kubernetes(kubernetesConfig);
        builder.Services.AddSingleton<IKubernetes>(kubernetes);
        builder.Services.AddSingleton<IKubernetesApi>(new KubernetesClientApi(kubernetes));
        builder.Services.AddSingleton(sp => IamClientFactory.Create(new IamClientOptions
        {
            Endpoint = options.Iam.Endpoint,
            SigningRegion = options.Iam.SigningRegion,
            RequestsPerSecond = options.Iam.RequestsPerSecond,
            Burst = options.Iam.Burst,
        }, sp.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddSingleton(sp => new IamOperatorRuntime(
            sp.GetRequiredService<IKubernetesApi>(), sp.GetRequiredService<IIamApi>(), options, identity, TimeProvider.System,
            sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<IMeterFactory>()));
        builder.Services.AddHostedService<OperatorService>();

        await using var app = builder.Build();
        var preflight = new StartupPreflight(app.Services.GetRequiredService<IKubernetesApi>(), kubernetes, app.Services.GetRequiredService<ILogger<StartupPreflight>>());
        if (await preflight.CheckAsync(options.Controller.Namespaces, cancellationToken) is { } problem)
        {
            await error.WriteLineAsync($"error: {problem}");
            return ExitCrdsMissingOrForbidden;
        }

        var runtime = app.Services.GetRequiredService<IamOperatorRuntime>();
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", () => runtime.IsReady ? Results.Text("ok") : Results.Text("caches not synced or IAM unreachable", statusCode: 503));
        app.MapPrometheusScrapingEndpoint();
        await app.RunAsync(cancellationToken);
        return 0;
    }

    /// <summary>Runs the operator runtime for the host's lifetime; stopping lets in-flight reconciles finish.</summary>
    private sealed class OperatorService(IamOperatorRuntime runtime) : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => runtime.RunAsync(stoppingToken);
    }
}
