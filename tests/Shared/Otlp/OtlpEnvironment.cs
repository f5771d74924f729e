namespace IamOperator.Testing.Otlp;

/// <summary>
/// The standard OTEL_* variables pointing at a receiver over OTLP/HTTP, set for the process while alive and restored
/// on dispose. The variables are process-wide: tests using this belong to a collection that runs alone.
/// </summary>
public sealed class OtlpEnvironment : IDisposable
{
    private readonly Dictionary<string, string?> previous = [];

    public OtlpEnvironment(OtlpReceiver receiver, params (string Name, string Value)[] extra)
    {
        Set("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.Endpoint.ToString().TrimEnd('/'));
        Set("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        // Short batches and metric intervals, so a long-running process exports within the test's patience.
        Set("OTEL_BSP_SCHEDULE_DELAY", "200");
        Set("OTEL_BLRP_SCHEDULE_DELAY", "200");
        Set("OTEL_METRIC_EXPORT_INTERVAL", "500");
        foreach (var (name, value) in extra)
        {
            Set(name, value);
        }
    }

    public void Dispose()
    {
        foreach (var (name, value) in previous)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    private void Set(string name, string value)
    {
        previous.TryAdd(name, Environment.GetEnvironmentVariable(name));
        Environment.SetEnvironmentVariable(name, value);
    }
}
