using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace IamOperator.Hosting;

/// <summary>
/// Traces, metrics and logs of the operator process: every IamOperator.* ActivitySource and Meter,
/// a Prometheus scrape endpoint, OTLP when the standard OTEL_EXPORTER_OTLP_* variables ask for it,
/// and JSON logs that carry trace and span ids.
/// </summary>
public static class OperatorTelemetry
{
    public const string ServiceName = "iam-operator";

    /// <summary>Sources and meters of every part (their names are the contract in docs/observability.md).</summary>
    public static readonly string[] SourceNames = ["IamOperator.Iam", "IamOperator.Controllers", "IamOperator.Reconciliation"];

    /// <summary>Buckets for duration histograms in seconds: IAM calls take tens of ms, reconciles up to seconds.</summary>
    public static readonly double[] SecondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    public static IServiceCollection AddOperatorTelemetry(this IServiceCollection services, bool exportOtlp)
    {
        var otel = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName))
            .WithTracing(t => t.AddSource(SourceNames))
            .WithMetrics(m =>
            {
                m.AddMeter(SourceNames).AddPrometheusExporter();
                m.AddView(instrument => instrument is System.Diagnostics.Metrics.Histogram<double> && instrument.Unit == "s"
                    ? new ExplicitBucketHistogramConfiguration { Boundaries = SecondsBuckets }
                    : null);
            });
        if (exportOtlp)
        {
            // Endpoint, protocol, headers and resource attributes come from the standard OTEL_* variables.
            otel.UseOtlpExporter();
        }
        return services;
    }

    public static ILoggingBuilder AddOperatorJsonLogs(this ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        return logging;
    }

    /// <summary>True when the standard variables name an OTLP endpoint for any signal.</summary>
    public static bool OtlpRequested(Func<string, string?> environment) =>
        new[] { "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT" }
            .Any(name => !string.IsNullOrWhiteSpace(environment(name)));
}
