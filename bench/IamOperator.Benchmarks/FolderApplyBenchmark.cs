using IamOperator.Hosting;
using System.Diagnostics;
using IamOperator.Cli;
using IamOperator.Resources.Manifests;
using Microsoft.Extensions.Logging.Abstractions;

namespace IamOperator.Benchmarks;

/// <summary>
/// Benchmark 3: <c>apply -f DIR --embedded</c> of N generated resources through FolderReconciliation, then the
/// same folder again, which must write nothing.
/// </summary>
public static class FolderApplyBenchmark
{
    public const string OwnerId = "bench-cluster";

    public static async Task RunAsync(TextWriter output, IReadOnlyList<int> sizes)
    {
        var summary = new Table("N", "mix", "apply", "wall time", "resources/s", "IAM calls", "calls/resource", "writes", "Ready", "exit code");
        var byAction = new Table("N", "apply", "IAM calls by action");
        foreach (var size in sizes)
        {
            var generated = GeneratedFolder.Of(size);
            var folder = Path.Combine(Path.GetTempPath(), $"iam-operator-bench-{Environment.ProcessId}-{size}");
            generated.WriteTo(folder);
            try
            {
                await using var iam = await EmbeddedIam.StartAsync();
                foreach (var pass in new[] { "first", "second (no change)" })
                {
                    iam.Statistics.Reset();
                    var (report, elapsed) = await ApplyAsync(folder, iam);
                    if (pass.StartsWith("second", StringComparison.Ordinal) && report.Writes + iam.Statistics.WriteCalls > 0)
                    {
                        throw new InvalidOperationException($"the second apply of an unchanged folder wrote to IAM: {iam.CallsByAction()}");
                    }

                    var ready = report.Resources.Count(r => r.IsReady);
                    summary.Add(size, generated.Describe(), pass, elapsed, size / elapsed.TotalSeconds, iam.Statistics.TotalCalls,
                        (double)iam.Statistics.TotalCalls / size, iam.Statistics.WriteCalls, $"{ready}/{report.Resources.Count}", report.ExitCode);
                    byAction.Add(size, pass, iam.CallsByAction());
                }
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        summary.WriteTo(output, "3. Folder apply into the embedded IAM emulator (FolderReconciliation: one account read, levels in order, up to 8 resources at once)");
        byAction.WriteTo(output, "3b. IAM calls by action (as counted by the emulator, retries included)");
    }

    /// <summary>Loads the folder and applies it, as <c>iam-operator apply -f DIR --embedded</c> does; the time includes loading.</summary>
    public static async Task<(FolderReport Report, TimeSpan Elapsed)> ApplyAsync(string folder, EmbeddedIam iam)
    {
        var clock = Stopwatch.StartNew();
        var manifests = ManifestLoader.LoadDirectory(folder);
        var settings = new FolderSettings(folder, Json: false, Embedded: true, IamEndpoint: null, Region: "us-east-1", RequestsPerSecond: 10_000, OwnerId);
        var report = await FolderReconciliation.RunAsync("apply", settings, manifests, iam.Iam, "embedded IAM emulator", new FolderProgress(TextWriter.Null, TerminalStyle.Plain),
            NullLoggerFactory.Instance, TimeProvider.System, CancellationToken.None);
        return (report, clock.Elapsed);
    }
}
