namespace IamOperator.Iam.Tests.Emulator;

/// <summary>
/// Tests that compare the client's pacing with the emulator's throttle run alone, so the other
/// test classes' load does not clump their requests in transit.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitiveCollection
{
    public const string Name = "Timing-sensitive emulator runs";
}
