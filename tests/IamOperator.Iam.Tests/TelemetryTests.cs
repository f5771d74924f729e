using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry;
using OpenTelemetry.Trace;
using System.Diagnostics.Metrics;

namespace IamOperator.Iam.Tests;

/// <summary>
/// Every IAM call is one client span named after the action with the shared attribute names,
/// feeds the call/latency/throttle/retry metrics, and never lets a secret into logs or spans.
/// </summary>
public sealed class TelemetryTests : IDisposable
{
    private const string NewSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY";
    private static readonly ActivitySource TestSource = new("IamOperator.Iam.Tests");

    private readonly List<Activity> spans = [];
    private readonly TracerProvider tracing;
    private readonly ServiceProvider services;
    private readonly IMeterFactory meterFactory;

    public TelemetryTests()
    {
        tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(IamTelemetry.ActivitySourceName, TestSource.Name)
            .AddInMemoryExporter(spans)
            .Build()!;
        services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        meterFactory = services.GetRequiredService<IMeterFactory>();
    }

    public void Dispose()
    {
        tracing.Dispose();
        services.Dispose();
    }

    /// <summary>Runs the work under a test root span and returns the IAM spans of that trace only (other tests share the ActivitySource).</summary>
    private async Task<List<Activity>> IamSpansOf(Func<Task> work)
    {
        ActivityTraceId traceId;
        using (var root = TestSource.StartActivity("test")!)
        {
            traceId = root.TraceId;
            await work();
        }
        tracing.ForceFlush();
        lock (spans)
            return [.. spans.Where(s => s.TraceId == traceId && s.Source.Name == IamTelemetry.ActivitySourceName)];
    }

    private static HttpResponseMessage NewKey() => FakeIamHandler.Result("CreateAccessKey", $"""
        <AccessKey><UserName>bob</UserName><AccessKeyId>AKIAIOSFODNN7EXAMPLE</AccessKeyId><Status>Active</Status>
        <SecretAccessKey>{NewSecret}</SecretAccessKey><CreateDate>2026-11-28T00:00:00Z</CreateDate></AccessKey>
        """, requestId: "req-create-key");

    [Fact]
    public async Task A_call_is_one_client_span_named_after_the_action_with_the_shared_attributes()
    {
        var handler = FakeIamHandler.Answering(NewKey);
        using var client = TestClients.Over(handler);

        var spans = await IamSpansOf(() => client.CreateAccessKeyAsync("bob", CancellationToken.None));

        var span = Assert.Single(spans);
        Assert.Equal("CreateAccessKey", span.DisplayName);
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal("aws-api", span.GetTagItem("rpc.system"));
        Assert.Equal("IAM", span.GetTagItem("rpc.service"));
        Assert.Equal("CreateAccessKey", span.GetTagItem("rpc.method"));
        Assert.Equal("req-create-key", span.GetTagItem("aws.request_id"));
        Assert.Equal(200, span.GetTagItem("http.response.status_code"));
        Assert.Equal(1, span.GetTagItem("iamoperator.iam.attempts"));
        Assert.Null(span.GetTagItem("error.type"));
        Assert.NotEqual(ActivityStatusCode.Error, span.Status);
    }

    [Fact]
    public async Task A_failed_call_records_the_error_code_and_every_attempt_on_its_span()
    {
        var time = new FakeTimeProvider();
        // ServiceFailure, not Throttling: a throttled call waits for the budget rather than failing after MaxAttempts.
        var handler = FakeIamHandler.Answering(() => FakeIamHandler.Error("ServiceFailure", "Internal error", HttpStatusCode.InternalServerError));
        using var client = TestClients.Over(handler, time, TestClients.Options(maxAttempts: 3));

        var spans = await IamSpansOf(() => Assert.ThrowsAsync<IamApiException>(
            () => time.RunClockUntil(client.DeleteUserAsync("bob", CancellationToken.None), TimeSpan.FromMilliseconds(100))));

        var span = Assert.Single(spans);
        Assert.Equal("ServiceFailure", span.GetTagItem("error.type"));
        Assert.Equal(3, span.GetTagItem("iamoperator.iam.attempts"));
        Assert.Equal(500, span.GetTagItem("http.response.status_code"));
        Assert.Equal("err-ServiceFailure-request", span.GetTagItem("aws.request_id"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
    }

    [Fact]
    public async Task Calls_latency_throttles_and_retries_are_counted_per_action()
    {
        using var calls = new MetricCollector<long>(meterFactory, IamTelemetry.MeterName, IamTelemetry.CallsCounter);
        using var duration = new MetricCollector<double>(meterFactory, IamTelemetry.MeterName, IamTelemetry.CallDurationHistogram);
        using var throttles = new MetricCollector<long>(meterFactory, IamTelemetry.MeterName, IamTelemetry.ThrottlesCounter);
        using var retries = new MetricCollector<long>(meterFactory, IamTelemetry.MeterName, IamTelemetry.RetriesCounter);
        var time = new FakeTimeProvider();
        var handler = FakeIamHandler.Answering(
            () => FakeIamHandler.Error("Throttling", "Rate exceeded", HttpStatusCode.BadRequest),
            () => FakeIamHandler.Empty("DeleteUser"),
            () => FakeIamHandler.Error("NoSuchEntity", "The user with name x cannot be found.", HttpStatusCode.NotFound));
        using var client = TestClients.Over(handler, time, meterFactory: meterFactory);

        await time.RunClockUntil(client.DeleteUserAsync("bob", CancellationToken.None), TimeSpan.FromMilliseconds(100));
        // After the throttle the limiter paces on the fake clock, so this call needs the clock to move too.
        await Assert.ThrowsAsync<IamApiException>(() => time.RunClockUntil(client.DeleteUserAsync("x", CancellationToken.None), TimeSpan.FromMilliseconds(100)));

        var outcomes = Increments(calls).Select(m => (m.Tags["action"], m.Tags["outcome"], m.Value)).ToList();
        Assert.Equal([("DeleteUser", "success", 1L), ("DeleteUser", "NoSuchEntity", 1L)], outcomes.Select(o => ((string)o.Item1!, (string)o.Item2!, o.Value)));
        Assert.Equal(2, duration.GetMeasurementSnapshot().Count);
        Assert.Equal("DeleteUser", Assert.Single(Increments(throttles)).Tags["action"]);
        Assert.Equal(1, Assert.Single(Increments(retries)).Value);
    }

    [Fact]
    public void Every_action_has_its_throttle_retry_and_success_series_at_zero_from_the_start_so_rate_answers_0_not_no_data()
    {
        using var calls = new MetricCollector<long>(meterFactory, IamTelemetry.MeterName, IamTelemetry.CallsCounter);
        using var throttles = new MetricCollector<long>(meterFactory, IamTelemetry.MeterName, IamTelemetry.ThrottlesCounter);
        using var retries = new MetricCollector<long>(meterFactory, IamTelemetry.MeterName, IamTelemetry.RetriesCounter);

        using var client = TestClients.Over(FakeIamHandler.Answering(), new FakeTimeProvider(), meterFactory: meterFactory);

        Assert.Equal(IamActions.All.Order(), throttles.GetMeasurementSnapshot().Select(m => (string)m.Tags["action"]!).Order());
        Assert.Equal(IamActions.All.Order(), retries.GetMeasurementSnapshot().Select(m => (string)m.Tags["action"]!).Order());
        Assert.Equal(IamActions.All.Order(), calls.GetMeasurementSnapshot().Where(m => (string?)m.Tags["outcome"] == "success").Select(m => (string)m.Tags["action"]!).Order());
        Assert.All([.. calls.GetMeasurementSnapshot(), .. throttles.GetMeasurementSnapshot(), .. retries.GetMeasurementSnapshot()], m => Assert.Equal(0, m.Value));
    }

    /// <summary>Measurements that counted something (every series is also published at 0 when the client is built).</summary>
    private static IEnumerable<CollectedMeasurement<long>> Increments(MetricCollector<long> collector) =>
        collector.GetMeasurementSnapshot().Where(m => m.Value != 0);

    [Fact]
    public async Task Access_key_secrets_never_reach_logs_or_spans()
    {
        var logs = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs)));
        var time = new FakeTimeProvider();
        var credentials = new StaticIamCredentials("ASIAIOSFODNN7EXAMPLE", "SigningSecretEXAMPLE/0123456789abcdefABCD", "SessionTokenEXAMPLE0123456789");
        // Throttled first so the retry path logs too, then IAM returns the new key with its secret.
        var handler = FakeIamHandler.Answering(() => FakeIamHandler.Error("Throttling", "Rate exceeded", HttpStatusCode.BadRequest), NewKey);
        using var client = TestClients.Over(handler, time, TestClients.Options() with { Credentials = credentials }, loggerFactory);

        NewAccessKey? key = null;
        var spans = await IamSpansOf(async () =>
            key = await time.RunClockUntil(client.CreateAccessKeyAsync("bob", CancellationToken.None), TimeSpan.FromMilliseconds(100)));

        Assert.Equal(NewSecret, key!.SecretAccessKey);
        var logged = logs.GetSnapshot();
        Assert.NotEmpty(logged);
        var logText = string.Join("\n", logged.Select(r => r.Message + " " + string.Join(";", r.StructuredState?.Select(kv => $"{kv.Key}={kv.Value}") ?? [])));
        var spanText = string.Join("\n", spans.SelectMany(s => s.TagObjects.Select(t => $"{t.Key}={t.Value}")
            .Concat(s.Events.Select(e => e.Name)).Append(s.StatusDescription ?? "").Append(s.DisplayName)));
        foreach (var secret in new[] { NewSecret, credentials.SecretAccessKey, credentials.SessionToken!, "Signature=" })
        {
            Assert.DoesNotContain(secret, logText);
            Assert.DoesNotContain(secret, spanText);
        }
        Assert.Contains("CreateAccessKey", logText);
    }
}
