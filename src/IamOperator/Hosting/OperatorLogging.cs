using Microsoft.Extensions.Logging;

namespace IamOperator.Hosting;

/// <summary>
/// Logs of <c>run</c>: one JSON object per line for log collectors (the chart's default), or one readable line per
/// entry for a person at a terminal. Both carry trace and span ids so a log line leads to its reconcile's trace.
/// </summary>
public static class OperatorLogging
{
    public const string Json = "json";
    public const string Console = "console";

    public static IReadOnlyList<string> Formats { get; } = [Json, Console];

    /// <summary>
    /// Levels beneath every configuration source (Logging:LogLevel:*, e.g. IAMOPERATOR__Logging__LogLevel__Microsoft.AspNetCore
    /// overrides them). ASP.NET Core logs five Information lines per request, so every probe and scrape would
    /// bury the operator's own lines: its request logs start at Warning.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> DefaultLevels { get; } = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = nameof(LogLevel.Information),
        ["Logging:LogLevel:Microsoft.AspNetCore"] = nameof(LogLevel.Warning),
    };

    private const string UtcTimestamp = "yyyy-MM-ddTHH:mm:ss.fffZ";

    public static ILoggingBuilder AddOperatorLogs(this ILoggingBuilder logging, string format)
    {
        logging.ClearProviders();
        logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        if (format == Console)
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = UtcTimestamp + " ";
            });
        }
        else
        {
            logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = UtcTimestamp;
            });
        }

        return logging;
    }
}
