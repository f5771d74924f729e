using System.CommandLine;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
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
/// variables and flags (flags win); telemetry from the standard OTEL_* variables; kubeconfig as kubectl finds it, or
/// the in-cluster config.
/// </summary>
public static class RunCommand
{
    public const int ExitInvalidSettings = ExitCodes.InvalidSettings;
    public const int ExitCrdsMissingOrForbidden = ExitCodes.KubernetesNotReady;

    public static Command Create()
    {
        var config = new Option<FileInfo?>("--config") { Description = "A JSON settings file (default: appsettings.json beside the working directory, if present)." };
        var kubeconfig = new Option<FileInfo?>("--kubeconfig") { Description = "Kubeconfig file (default: KUBECONFIG, ~/.kube/config, or the in-cluster config)." };
        var flags = new Dictionary<string, Option>
        {
            ["Iam:Endpoint"] = new Option<Uri?>("--iam-endpoint") { Description = "IAM endpoint (default https://iam.amazonaws.com); any IAM-compatible endpoint." },
            ["Iam:SigningRegion"] = new Option<string?>("--iam-signing-region", "--region") { Description = "SigV4 signing region of the IAM endpoint (default us-east-1)." },
            ["Iam:RequestsPerSecond"] = new Option<double?>("--iam-requests-per-second") { Description = "Ceiling on the process-wide IAM call rate (default none: the rate adapts to IAM's throttling)." },
            ["Iam:Burst"] = new Option<int?>("--iam-burst") { Description = "IAM calls allowed in a burst under that ceiling." },
            ["Controller:OwnerId"] = new Option<string?>("--owner-id") { Description = "This cluster's id in owner tags; unique per cluster (required)." },
            ["Controller:ResyncPeriod"] = DurationOption.Create("--resync-period", "Every resource is reconciled again this often, a safety net beside watches and the drift scan (default 10h)."),
            ["Controller:DriftScanPeriod"] = DurationOption.Create("--drift-scan-period", "Bulk IAM read that enqueues drifted resources (default 5m; 0 turns it off)."),
            ["Controller:DependencyTimeout"] = DurationOption.Create("--dependency-timeout", "A resource whose dependency stays missing this long is Stalled with DependencyNotFound (default 10m)."),
            ["Controller:MaxConcurrentReconciles"] = new Option<int?>("--max-concurrent-reconciles") { Description = "Reconciles per kind at once (default 4)." },
            ["Controller:HealthPort"] = new Option<int?>("--health-port") { Description = "Port of /healthz, /readyz and /metrics (default 8080)." },
            ["Controller:HealthAddress"] = new Option<string?>("--health-address") { Description = "IP address the health/metrics listener binds (default: every interface, which Kubernetes probes need; 127.0.0.1 keeps it local)." },
            ["LeaderElection:Enabled"] = new Option<bool?>("--leader-election", "--leader-elect") { Description = "Elect one active replica through a Lease (default true)." },
            ["LeaderElection:LeaseName"] = new Option<string?>("--lease-name") { Description = "Lease name (default iam-operator)." },
            ["LeaderElection:LeaseNamespace"] = new Option<string?>("--lease-namespace") { Description = "Lease namespace (default: POD_NAMESPACE, else default)." },
            ["LeaderElection:LeaseDuration"] = DurationOption.Create("--lease-duration", "How long a Lease holds without renewal (default 15s)."),
            ["LeaderElection:RenewDeadline"] = DurationOption.Create("--renew-deadline", "The leader gives up when it cannot renew within this (default 10s)."),
            ["LeaderElection:RetryPeriod"] = DurationOption.Create("--retry-period", "Interval between acquire/renew attempts (default 2s)."),
            ["Guardrails:Enabled"] = new Option<bool?>("--guardrails") { Description = "Policy guardrails (default true)." },
            ["Guardrails:RequiredPermissionsBoundaryArn"] = new Option<string?>("--required-permissions-boundary-arn") { Description = "Users and roles must carry this permissions boundary." },
        };
        var namespaces = new Option<string[]>("--namespaces", "--namespace", "-n") { Description = "Watch only these namespaces (repeatable; default all).", AllowMultipleArgumentsPerToken = true };
        var allowed = new Option<string[]>("--allowed-managed-policy-arn") { Description = "Only these managed policy ARNs may be attached ('*' globs; repeatable)." };
        var denied = new Option<string[]>("--denied-managed-policy") { Description = "ARN[=ns1,ns2]: deny this managed policy except in the listed namespaces (repeatable)." };
        var prefixes = new Option<string[]>("--required-name-prefix") { Description = "NAMESPACE=PREFIX: IAM names of that namespace's resources must start with PREFIX (repeatable)." };
        var logFormat = new Option<string>("--log-format") { Description = "Log lines as json (one object per line, for log collectors) or console (readable).", DefaultValueFactory = _ => OperatorLogging.Json };
        logFormat.AcceptOnlyFromAmong([.. OperatorLogging.Formats]);

        var command = new Command("run", "Run the operator: watch IamGroup, IamUser, IamServiceRole and IamPolicy resources and keep AWS IAM equal to them.");
        foreach (var option in new Option[] { config, kubeconfig, namespaces, allowed, denied, prefixes, logFormat }.Concat(flags.Values)) command.Options.Add(option);
        command.Validators.Add(result =>
        {
            foreach (var entry in result.GetValue(prefixes) ?? [])
            {
                if (entry.Split('=') is not [{ Length: > 0 }, { Length: > 0 }])
                    result.AddError($"--required-name-prefix '{entry}' must be NAMESPACE=PREFIX.");
            }

            foreach (var entry in result.GetValue(denied) ?? [])
            {
                if (!entry.Split('=')[0].StartsWith("arn:", StringComparison.Ordinal))
                    result.AddError($"--denied-managed-policy '{entry}' must be a policy ARN, optionally followed by =ns1,ns2.");
            }
        });

        command.SetAction(async (parse, cancellationToken) =>
        {
            var overrides = new Dictionary<string, string?>();
            foreach (var (key, option) in flags)
            {
                if (parse.GetResult(option) is { Implicit: false } result && result.GetValueOrDefault<object?>() is { } value)
                {
                    overrides[key] = value is TimeSpan duration
                        ? duration.ToString("c", System.Globalization.CultureInfo.InvariantCulture)
                        : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
                }
            }
            AddList(overrides, "Controller:Namespaces", parse.GetValue(namespaces));
            AddList(overrides, "Guardrails:AllowedManagedPolicyArns", parse.GetValue(allowed));
            var deniedPolicies = parse.GetValue(denied) ?? [];
            for (var i = 0; i < deniedPolicies.Length; i++)
            {
                var parts = deniedPolicies[i].Split('=', 2);
                overrides[$"Guardrails:DeniedManagedPolicies:{i}:PolicyArn"] = parts[0];
                AddList(overrides, $"Guardrails:DeniedManagedPolicies:{i}:ExceptNamespaces", parts.Length > 1 ? parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : []);
            }
            foreach (var entry in parse.GetValue(prefixes) ?? [])
            {
                var parts = entry.Split('=', 2);
                overrides[$"Guardrails:RequiredNamePrefixes:{parts[0]}"] = parts[1];
            }
            return await RunAsync(parse.GetValue(config), parse.GetValue(kubeconfig), overrides, parse.GetValue(logFormat)!, parse.InvocationConfiguration.Error, cancellationToken);
        });
        return command;
    }

    /// <summary>
    /// The host of <c>run</c>, before its settings are added. Reload-on-change is off: the defaults' appsettings
    /// sources would watch the content root (the working directory) and every directory under it, a watch each, kept
    /// after <c>run</c> clears those sources; the operator never reloads its settings.
    /// </summary>
    public static WebApplicationBuilder CreateHostBuilder(string? contentRoot = null) =>
        WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"], ContentRootPath = contentRoot });

    private static void AddList(Dictionary<string, string?> overrides, string key, string[]? values)
    {
        for (var i = 0; i < (values?.Length ?? 0); i++) overrides[$"{key}:{i}"] = values![i];
    }

    private static async Task<int> RunAsync(
        FileInfo? configFile, FileInfo? kubeconfig, Dictionary<string, string?> overrides, string logFormat, TextWriter error, CancellationToken cancellationToken)
    {
        var builder = CreateHostBuilder();
        builder.Configuration.Sources.Clear();
        // Quiet framework defaults first, so a settings file or IAMOPERATOR__ variable can still raise them.
        builder.Configuration.AddInMemoryCollection(OperatorLogging.DefaultLevels);
        var settingsFile = configFile?.FullName ?? Path.Combine(Environment.CurrentDirectory, "appsettings.json");
        try
        {
            builder.Configuration.AddJsonFile(settingsFile, optional: configFile is null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"error: cannot read the settings file {settingsFile}: {e.Message} Check the --config path and its permissions.");
            return ExitCodes.FileUnavailable;
        }
        catch (InvalidDataException e)
        {
            await error.WriteLineAsync($"error: the settings file {settingsFile} is not valid JSON: {e.GetBaseException().Message}");
            return ExitInvalidSettings;
        }
        builder.Configuration
            // The OpenTelemetry SDK reads its standard variables from this configuration.
            .AddInMemoryCollection(OperatorTelemetry.StandardVariables(Environment.GetEnvironmentVariables()))
            .AddEnvironmentVariables("IAMOPERATOR__")
            .AddInMemoryCollection(overrides);
        var (durations, durationErrors) = ConfigurationDurations.Normalize(builder.Configuration, typeof(OperatorOptions));
        if (durationErrors.Count > 0)
        {
            await error.WriteLineAsync($"error: invalid setting: {string.Join(" ", durationErrors)}");
            return ExitInvalidSettings;
        }
        builder.Configuration.AddInMemoryCollection(durations);
        builder.Logging.AddOperatorLogs(logFormat);
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

        IPAddress? healthAddress = null;
        if (!string.IsNullOrWhiteSpace(options.Controller.HealthAddress) && !IPAddress.TryParse(options.Controller.HealthAddress, out healthAddress))
        {
            await error.WriteLineAsync($"error: invalid setting: Controller:HealthAddress (--health-address) must be an IP address such as 0.0.0.0, :: or 127.0.0.1, got '{options.Controller.HealthAddress}'.");
            return ExitInvalidSettings;
        }
        builder.WebHost.ConfigureKestrel(k =>
        {
            if (healthAddress is null) k.ListenAnyIP(options.Controller.HealthPort);
            else k.Listen(healthAddress, options.Controller.HealthPort);
        });
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(40));
        builder.Services.AddOperatorTelemetry(builder.Configuration);

        KubernetesClientConfiguration kubernetesConfig;
        if (kubeconfig is { Exists: false })
        {
            // The client library reports a missing file as bad content; it is a path to fix, not a setting.
            await error.WriteLineAsync($"error: cannot read the kubeconfig {kubeconfig.FullName}: no such file. Check the --kubeconfig path.");
            return ExitCodes.FileUnavailable;
        }
        try
        {
            kubernetesConfig = kubeconfig is null
                ? KubernetesClientConfiguration.BuildDefaultConfig()
                : KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig.FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"error: cannot read the kubeconfig {kubeconfig?.FullName ?? "(KUBECONFIG or ~/.kube/config)"}: {e.Message} Check the --kubeconfig path and its permissions.");
            return ExitCodes.FileUnavailable;
        }
        catch (k8s.Exceptions.KubeConfigException e)
        {
            await error.WriteLineAsync($"error: cannot load the Kubernetes configuration ({kubeconfig?.FullName ?? "KUBECONFIG, ~/.kube/config or in-cluster"}): {e.Message}");
            return ExitInvalidSettings;
        }
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
        // Metrics listen before any instrument publishes its zeros (ControllerMetrics, the IAM client's metrics).
        app.Services.GetRequiredService<OpenTelemetry.Metrics.MeterProvider>();
        var preflight = new StartupPreflight(app.Services.GetRequiredService<IKubernetesApi>(), kubernetes, app.Services.GetRequiredService<ILogger<StartupPreflight>>());
        if (await preflight.CheckAsync(options.Controller.Namespaces, options.LeaderElection.Enabled ? (options.LeaderElection.LeaseNamespace!, options.LeaderElection.LeaseName) : null, cancellationToken) is { } problem)
        {
            await error.WriteLineAsync($"error: {problem}");
            return ExitCrdsMissingOrForbidden;
        }

        var runtime = app.Services.GetRequiredService<IamOperatorRuntime>();
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", () => runtime.IsReady ? Results.Text("ok") : Results.Text("caches not synced or IAM unreachable", statusCode: 503));
        app.MapPrometheusScrapingEndpoint();
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            var where = $"{healthAddress?.ToString() ?? "every interface"} port {options.Controller.HealthPort}";
            await error.WriteLineAsync($"error: cannot listen for /healthz, /readyz and /metrics on {where}: {e.Message} Free the port or choose another --health-port or --health-address.");
            return ExitCodes.ListenerUnavailable;
        }
        await app.WaitForShutdownAsync(cancellationToken);
        return 0;
    }

    /// <summary>Runs the operator runtime for the host's lifetime; stopping lets in-flight reconciles finish.</summary>
    private sealed class OperatorService(IamOperatorRuntime runtime) : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => runtime.RunAsync(stoppingToken);
    }
}
