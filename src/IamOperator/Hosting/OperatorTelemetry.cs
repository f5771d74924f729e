using System.Collections;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace IamOperator.Hosting;

/// <summary>
/// Traces, metrics and logs of <c>run</c>, <c>plan</c> and <c>apply</c>: every IamOperator.* ActivitySource and Meter,
/// a Prometheus scrape endpoint for <c>run</c>, and OTLP export of all three signals when the standard
/// <c>OTEL_EXPORTER_OTLP_*</c> variables name an endpoint.
/// </summary>
/// <remarks>
/// The OpenTelemetry SDK reads every standard variable (endpoint, protocol, headers, <c>OTEL_SERVICE_NAME</c>,
/// <c>OTEL_RESOURCE_ATTRIBUTES</c>, <c>OTEL_TRACES_SAMPLER</c>, <c>OTEL_SDK_DISABLED</c>, batch and export intervals) from
/// the <see cref="IConfiguration"/> of its service provider, not from the process environment. <c>run</c> builds its
/// configuration from chosen sources only, so the OTEL_* variables must be one of them: <see cref="StandardVariables"/>.
/// </remarks>
public static class OperatorTelemetry
{
    public const string ServiceName = "iam-operator";

    /// <summary>The spans plan and apply start per resource (the operator's are <c>IamOperator.Controllers</c>).</summary>
    public const string CliSourceName = "IamOperator.Cli";

    /// <summary>The .NET runtime's built-in meter (https://learn.microsoft.com/dotnet/core/diagnostics/built-in-metrics-runtime).</summary>
    public const string RuntimeMeterName = "System.Runtime";

    /// <summary>Sources and meters of every part (their names are the contract in docs/runbook.md).</summary>
    public static readonly string[] SourceNames = ["IamOperator.Iam", "IamOperator.Controllers", "IamOperator.Reconciliation", CliSourceName];

    /// <summary>Buckets for duration histograms in seconds: IAM calls take tens of ms, reconciles up to seconds.</summary>
    public static readonly double[] SecondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    /// <summary>
    /// The series (label sets) each metric keeps, except IAM's. The SDK preallocates its default of 2,000 points for every
    /// metric: 144 KB each, 4.7 MB of heap for the operator's thirty-odd metrics, whose labels (kind, outcome, ready,
    /// generation) take tens of values. IAM's calls by action and outcome (some 90 actions, each with its error codes)
    /// keep the SDK's default. Label sets past the limit are counted under the SDK's overflow series, not lost.
    /// </summary>
    public const int SeriesPerMetric = 256;

    private const string StandardPrefix = "OTEL_";

    private static readonly string[] EndpointVariables =
    [
        "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT",
    ];

    /// <summary>
    /// The standard OTEL_* variables of <paramref name="environment"/> (e.g. <see cref="Environment.GetEnvironmentVariables()"/>)
    /// as configuration entries under their own names, where the SDK looks for them. Other variables stay out, so
    /// <c>run</c>'s settings still come only from IAMOPERATOR__*.
    /// </summary>
    public static Dictionary<string, string?> StandardVariables(IDictionary environment)
    {
        var variables = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry entry in environment)
        {
            if (entry.Key is string name && name.StartsWith(StandardPrefix, StringComparison.Ordinal))
            {
                variables[name] = entry.Value as string;
            }
        }

        return variables;
    }

    /// <summary>How an instrument is exported: duration histograms in <see cref="SecondsBuckets"/>, and <see cref="SeriesPerMetric"/>.</summary>
    public static MetricStreamConfiguration? StreamOf(System.Diagnostics.Metrics.Instrument instrument)
    {
        int? limit = instrument.Meter.Name == IamOperator.Iam.IamTelemetry.MeterName ? null : SeriesPerMetric;
        if (instrument is System.Diagnostics.Metrics.Histogram<double> && instrument.Unit == "s")
        {
            return new ExplicitBucketHistogramConfiguration { Boundaries = SecondsBuckets, CardinalityLimit = limit };
        }

        return limit is null ? null : new MetricStreamConfiguration { CardinalityLimit = limit };
    }

    /// <summary>True when the standard variables name an OTLP endpoint for any signal; without one nothing is exported.</summary>
    public static bool OtlpRequested(IConfiguration configuration) =>
        EndpointVariables.Any(name => !string.IsNullOrWhiteSpace(configuration[name]));

    /// <summary><c>run</c>: the host's telemetry, configured from the host's configuration.</summary>
    public static IServiceCollection AddOperatorTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        Configure(services.AddOpenTelemetry(), configuration, prometheus: true);
        return services;
    }

    /// <summary>The one pipeline of every command: sources, meters, histogram buckets, resource and exporters.</summary>
    public static void Configure(IOpenTelemetryBuilder otel, IConfiguration configuration, bool prometheus)
    {
        otel
            // Our name is only the default: OTEL_RESOURCE_ATTRIBUTES and OTEL_SERVICE_NAME, detected after it, win.
            .ConfigureResource(r => r.Clear().AddService(ServiceName).AddTelemetrySdk().AddEnvironmentVariableDetector())
            .WithTracing(t => t.AddSource(SourceNames))
            .WithMetrics(m =>
            {
                m.AddMeter(SourceNames);
                // The runtime's own meter (.NET 9 and later): GC heap size and collections, working set, thread pool,
                // so memory is seen from the process's side beside the kernel's RSS (no package needed).
                m.AddMeter(RuntimeMeterName);
                if (prometheus)
                {
                    m.AddPrometheusExporter();
                }

                // One view for every instrument: a second matching view would export the instrument twice.
                m.AddView(StreamOf);
            });
        if (OtlpRequested(configuration))
        {
            // Traces, metrics and logs; protocol, headers, per-signal endpoints and timeouts from the OTEL_* entries.
            otel.UseOtlpExporter();
        }
    }
}
