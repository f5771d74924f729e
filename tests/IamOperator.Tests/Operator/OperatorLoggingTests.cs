using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using IamOperator.Cli;
using IamOperator.Hosting;
using Microsoft.Extensions.Logging;

namespace IamOperator.Tests.Operator;

/// <summary>run's log formats: json (one object per line, the chart's default) and console (one readable line), both with trace ids.</summary>
[Collection(ProcessWideStateCollection.Name)]
public sealed partial class OperatorLoggingTests
{
    [Fact]
    public void The_console_format_writes_one_readable_UTC_line_per_entry_with_its_trace_id()
    {
        var (lines, traceId) = LogOneEntry(OperatorLogging.Console);

        var line = Assert.Single(lines);
        Assert.Matches(ConsoleLine(), line);
        Assert.Contains(traceId, line, StringComparison.Ordinal);
    }

    [Fact]
    public void The_json_format_writes_one_object_per_line_with_its_trace_id()
    {
        var (lines, traceId) = LogOneEntry(OperatorLogging.Json);

        using var entry = JsonDocument.Parse(Assert.Single(lines));
        Assert.Equal("Information", entry.RootElement.GetProperty("LogLevel").GetString());
        Assert.Equal("IamOperator.Tests", entry.RootElement.GetProperty("Category").GetString());
        Assert.Equal("Reconciled IamUser team/alice", entry.RootElement.GetProperty("Message").GetString());
        Assert.Contains(traceId, entry.RootElement.GetProperty("Scopes").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_accepts_only_the_json_and_console_log_formats()
    {
        var error = new StringWriter();
        var exitCode = await new RootCommand { RunCommand.Create() }.Parse(["run", "--log-format", "xml", "--owner-id", "test"])
            .InvokeAsync(new InvocationConfiguration { Output = new StringWriter(), Error = error });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("'xml'", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("console", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("json", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Logs one Information entry inside a span through run's logging setup and returns what reached the console.</summary>
    private static (string[] Lines, string TraceId) LogOneEntry(string format)
    {
        using var source = new ActivitySource($"IamOperator.Tests.Logging.{format}");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s == source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        var console = new StringWriter();
        var original = Console.Out;
        Console.SetOut(console);
        string traceId;
        try
        {
            // Disposing the factory drains the console logger's queue.
            using (var loggers = LoggerFactory.Create(logging => logging.AddOperatorLogs(format)))
            using (var activity = source.StartActivity("reconcile IamUser")!)
            {
                traceId = activity.TraceId.ToHexString();
                loggers.CreateLogger("IamOperator.Tests").LogInformation("Reconciled {Kind} {Namespace}/{Name}", "IamUser", "team", "alice");
            }
        }
        finally
        {
            Console.SetOut(original);
        }

        return (console.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries), traceId);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z info: IamOperator\.Tests\[0\] .*Reconciled IamUser team/alice$")]
    private static partial Regex ConsoleLine();
}
