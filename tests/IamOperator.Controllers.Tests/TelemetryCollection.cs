namespace IamOperator.Controllers.Tests;

/// <summary>Telemetry tests listen to process-wide sources, so they run alone, after the parallel tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry";
}
