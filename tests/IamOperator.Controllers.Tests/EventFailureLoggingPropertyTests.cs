using System.Text.RegularExpressions;
using CsCheck;
using IamOperator.Controllers.InMemory;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace IamOperator.Controllers.Tests;

/// <summary>
/// However Event failures arrive, their log stays small and loses nothing: per Event reason at most one line per
/// window, a failure a window after the last line is always reported, and the counts add up to every failure.
/// </summary>
public sealed partial class EventFailureLoggingPropertyTests
{
    private static readonly string[] Reasons = ["Created", "Updated", "GuardrailViolation"];
    private static readonly TimeSpan Window = new EventRecorderOptions().RepeatWindow;

    [Fact]
    public async Task Failed_Events_are_logged_at_most_once_per_reason_and_window_and_the_counts_add_up_to_every_failure()
    {
        var steps = Gen.Select(Gen.Int[0, Reasons.Length - 1], Gen.Int[0, 15]).Array[1, 40];
        await steps.SampleAsync(async sequence =>
        {
            var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 1, 0, 0, TimeSpan.Zero));
            var api = new InMemoryKubernetesApi(time) { FaultInjector = r => r.Verb == "create-event" ? new ForbiddenException("events is forbidden") : null };
            var logger = new FakeLogger<EventRecorder>();
            var recorder = new EventRecorder(api, new EventRecorderOptions(), time, logger);
            var widget = await api.CreateAsync(Widget.Crd, Widget.New("a", "team"), CancellationToken.None);
            var failures = Reasons.ToDictionary(r => r, _ => 0);
            var reported = Reasons.ToDictionary(r => r, _ => 0);
            var lastLine = new Dictionary<string, DateTimeOffset>();

            for (var i = 0; i < sequence.Length; i++)
            {
                var (reason, minutes) = (Reasons[sequence[i].Item1], sequence[i].Item2);
                time.Advance(TimeSpan.FromMinutes(minutes));
                var before = logger.Collector.Count;
                await recorder.RecordAsync(widget, EventTypes.Normal, reason, $"note {i}", "Reconcile", CancellationToken.None);
                failures[reason]++;

                var lines = logger.Collector.GetSnapshot().Skip(before).ToList();
                var due = !lastLine.TryGetValue(reason, out var last) || time.GetUtcNow() - last >= Window;
                Assert.Equal(due ? 1 : 0, lines.Count);
                if (lines is [var line])
                {
                    Assert.Null(line.Exception);
                    Assert.Contains(reason, line.Message, StringComparison.Ordinal);
                    reported[reason] += SummaryCount().Match(line.Message) is { Success: true } summary ? int.Parse(summary.Groups[1].Value) : 1;
                    lastLine[reason] = time.GetUtcNow();
                    Assert.Equal(failures[reason], reported[reason]);
                }
            }

            Assert.All(Reasons, r => Assert.InRange(reported[r], Math.Min(failures[r], 1), failures[r]));
        }, iter: 100);
    }

    [GeneratedRegex(@"Could not record (\d+) more")]
    private static partial Regex SummaryCount();
}
