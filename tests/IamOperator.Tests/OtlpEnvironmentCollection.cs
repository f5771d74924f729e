namespace IamOperator.Tests;

/// <summary>Tests that set the process-wide OTEL_* variables: run alone, so no other test exports to their receiver.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OtlpEnvironmentCollection
{
    public const string Name = "OTEL_* environment";
}
