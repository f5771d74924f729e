using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace IamOperator.Testing.Otlp;

/// <summary>
/// A collector stand-in: an OTLP/HTTP receiver on 127.0.0.1 that accepts protobuf bodies on /v1/traces, /v1/metrics and
/// /v1/logs, decodes the fields the tests look at and keeps them, with the request headers.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly Lock gate = new();
    private readonly List<OtlpSpan> spans = [];
    private readonly List<OtlpMetricPoint> metrics = [];
    private readonly List<OtlpLogRecord> logs = [];
    private readonly List<IHeaderDictionary> headers = [];

    private OtlpReceiver(WebApplication app) => this.app = app;

    /// <summary>The base URL for OTEL_EXPORTER_OTLP_ENDPOINT (the exporter appends /v1/traces etc.).</summary>
    public Uri Endpoint => new(app.Urls.First());

    public IReadOnlyList<OtlpSpan> Spans => Snapshot(spans);

    public IReadOnlyList<OtlpMetricPoint> Metrics => Snapshot(metrics);

    public IReadOnlyList<OtlpLogRecord> Logs => Snapshot(logs);

    /// <summary>Headers of every export request received.</summary>
    public IReadOnlyList<IHeaderDictionary> Headers => Snapshot(headers);

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var receiver = new OtlpReceiver(builder.Build());
        receiver.app.MapPost("/v1/traces", context => receiver.ReceiveAsync(context, receiver.spans, DecodeSpans));
        receiver.app.MapPost("/v1/metrics", context => receiver.ReceiveAsync(context, receiver.metrics, DecodeMetrics));
        receiver.app.MapPost("/v1/logs", context => receiver.ReceiveAsync(context, receiver.logs, DecodeLogs));
        await receiver.app.StartAsync();
        return receiver;
    }

    /// <summary>The spans of one trace.</summary>
    public IReadOnlyList<OtlpSpan> Trace(string traceId) => [.. Spans.Where(s => s.TraceId == traceId)];

    /// <summary>Whether <paramref name="span"/> descends from <paramref name="ancestor"/> (a child, or a child's child...).</summary>
    public bool Descends(OtlpSpan span, OtlpSpan ancestor)
    {
        var trace = Trace(span.TraceId).ToDictionary(s => s.SpanId);
        for (var current = span; trace.TryGetValue(current.ParentSpanId, out var parent); current = parent)
        {
            if (parent.SpanId == ancestor.SpanId)
            {
                return true;
            }
        }

        return false;
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    private IReadOnlyList<T> Snapshot<T>(List<T> items)
    {
        lock (gate)
        {
            return [.. items];
        }
    }

    private async Task ReceiveAsync<T>(HttpContext context, List<T> sink, Func<byte[], IEnumerable<T>> decode)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var decoded = decode(body.ToArray()).ToList();
        lock (gate)
        {
            // Kestrel reuses the request's header collection once the request ends.
            headers.Add(new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value)));
            sink.AddRange(decoded);
        }

        // An empty Export*ServiceResponse: everything accepted.
        context.Response.ContentType = "application/x-protobuf";
    }

    // opentelemetry-proto: ExportTraceServiceRequest.resource_spans = 1; ResourceSpans.resource = 1, scope_spans = 2;
    // ScopeSpans.scope = 1, spans = 2; Span.trace_id = 1, span_id = 2, parent_span_id = 4, name = 5, attributes = 9.
    private static IEnumerable<OtlpSpan> DecodeSpans(byte[] request) =>
        from resourceSpans in ProtoField.Messages(request, 1)
        let resource = ResourceOf(resourceSpans)
        from scopeSpans in ProtoField.Messages(resourceSpans, 2)
        let scope = ScopeOf(scopeSpans)
        from span in ProtoField.Messages(scopeSpans, 2)
        let fields = ProtoField.Read(span).ToList()
        select new OtlpSpan(
            Field(fields, 1).Hex, Field(fields, 2).Hex, Field(fields, 4).Hex, Field(fields, 5).Text, scope,
            Attributes(fields, 9), resource);

    // ExportMetricsServiceRequest.resource_metrics = 1; ResourceMetrics.scope_metrics = 2; ScopeMetrics.metrics = 2;
    // Metric.name = 1, gauge = 5, sum = 7, histogram = 9 (each with data_points = 1); NumberDataPoint.attributes = 7,
    // as_double = 4, as_int = 6; HistogramDataPoint.attributes = 9, count = 4.
    private static IEnumerable<OtlpMetricPoint> DecodeMetrics(byte[] request) =>
        from resourceMetrics in ProtoField.Messages(request, 1)
        let resource = ResourceOf(resourceMetrics)
        from scopeMetrics in ProtoField.Messages(resourceMetrics, 2)
        from metric in ProtoField.Messages(scopeMetrics, 2)
        let fields = ProtoField.Read(metric).ToList()
        from data in fields.Where(f => f.Number is 5 or 7 or 9)
        from point in ProtoField.Messages(data.Bytes, 1)
        let pointFields = ProtoField.Read(point).ToList()
        select data.Number == 9
            ? new OtlpMetricPoint(Field(fields, 1).Text, Attributes(pointFields, 9), Field(pointFields, 4).Scalar, resource)
            : new OtlpMetricPoint(Field(fields, 1).Text, Attributes(pointFields, 7),
                pointFields.Any(f => f.Number == 6) ? (long)Field(pointFields, 6).Scalar : Field(pointFields, 4).Double, resource);

    // ExportLogsServiceRequest.resource_logs = 1; ResourceLogs.scope_logs = 2; ScopeLogs.scope = 1, log_records = 2;
    // LogRecord.severity_text = 3, body = 5, attributes = 6, trace_id = 9, span_id = 10.
    private static IEnumerable<OtlpLogRecord> DecodeLogs(byte[] request) =>
        from resourceLogs in ProtoField.Messages(request, 1)
        let resource = ResourceOf(resourceLogs)
        from scopeLogs in ProtoField.Messages(resourceLogs, 2)
        let scope = ScopeOf(scopeLogs)
        from record in ProtoField.Messages(scopeLogs, 2)
        let fields = ProtoField.Read(record).ToList()
        select new OtlpLogRecord(scope, Field(fields, 3).Text, Value(Field(fields, 5).Bytes)?.ToString() ?? "",
            Field(fields, 9).Hex, Field(fields, 10).Hex, resource) { Attributes = Attributes(fields, 6) };

    private static ProtoField Field(List<ProtoField> fields, int number) =>
        fields.LastOrDefault(f => f.Number == number) is { Bytes: not null } field ? field : new ProtoField(number, 0, []);

    // Resource.attributes = 1.
    private static IReadOnlyDictionary<string, object?> ResourceOf(byte[] resourceSignal) =>
        Attributes([.. ProtoField.Read(ProtoField.Messages(resourceSignal, 1).FirstOrDefault() ?? [])], 1);

    // InstrumentationScope.name = 1.
    private static string ScopeOf(byte[] scopeSignal) =>
        Field([.. ProtoField.Read(ProtoField.Messages(scopeSignal, 1).FirstOrDefault() ?? [])], 1).Text;

    // KeyValue.key = 1, value = 2.
    private static Dictionary<string, object?> Attributes(List<ProtoField> fields, int number)
    {
        var attributes = new Dictionary<string, object?>();
        foreach (var keyValue in fields.Where(f => f.Number == number))
        {
            var pair = ProtoField.Read(keyValue.Bytes).ToList();
            attributes[Field(pair, 1).Text] = Value(Field(pair, 2).Bytes);
        }

        return attributes;
    }

    // AnyValue: string_value = 1, bool_value = 2, int_value = 3, double_value = 4.
    private static object? Value(byte[] anyValue) => ProtoField.Read(anyValue).FirstOrDefault() switch
    {
        { Number: 1 } f => f.Text,
        { Number: 2 } f => f.Scalar != 0,
        { Number: 3 } f => (long)f.Scalar,
        { Number: 4 } f => f.Double,
        _ => null,
    };
}
