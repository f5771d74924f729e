namespace IamOperator.Tests;

/// <summary>
/// Tests that change process-wide state (the OTEL_* variables, Console.Out) run alone, so no other test exports to
/// their receiver or writes into their console.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideStateCollection
{
    public const string Name = "Process-wide state";
}
