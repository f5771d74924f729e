using System.Collections;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenTelemetry;

namespace IamOperator.Hosting;

/// <summary>
/// Telemetry of one <c>plan</c> or <c>apply</c>: the same spans, metrics and logs as <c>run</c>, exported over OTLP when
/// the standard variables name an endpoint (a CI pipeline's collector), and nothing at all otherwise. Disposing
/// flushes every signal, so it must happen before the process exits.
/// </summary>
public sealed class CommandTelemetry : IDisposable
{
    private readonly OpenTelemetrySdk? sdk;

    private CommandTelemetry(OpenTelemetrySdk? sdk, ILoggerFactory loggerFactory)
    {
        this.sdk = sdk;
        LoggerFactory = loggerFactory;
    }

    /// <summary>Logs of the command: to the OTLP collector when exporting, else discarded (the command prints its own report).</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>Starts exporting when <paramref name="environment"/>'s OTEL_* variables ask for it.</summary>
    public static CommandTelemetry Start(IDictionary environment)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(OperatorTelemetry.StandardVariables(environment)).Build();
        if (!OperatorTelemetry.OtlpRequested(configuration))
        {
            return new CommandTelemetry(null, NullLoggerFactory.Instance);
        }

        var sdk = OpenTelemetrySdk.Create(otel =>
        {
            // Replaces the SDK's own default (the whole environment) so both hosts read the same entries.
            otel.Services.AddSingleton<IConfiguration>(configuration);
            OperatorTelemetry.Configure(otel, configuration, prometheus: false);
        });
        return new CommandTelemetry(sdk, sdk.GetLoggerFactory());
    }

    /// <summary>Flushes and stops every signal (the logger factory belongs to the SDK).</summary>
    public void Dispose() => sdk?.Dispose();
}
