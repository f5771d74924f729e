namespace IamOperator.Iam.Emulator.State;

/// <summary>What every named IAM entity has: name, unique id, path, ARN, create date.</summary>
internal abstract class Entity
{
    public required string Name { get; set; }
    public required string Id { get; init; }
    public required string Path { get; set; }
    public required string Arn { get; set; }
    public required DateTimeOffset CreateDate { get; init; }

    /// <summary>Eventual consistency: other calls see the entity only from this moment.</summary>
    public DateTimeOffset VisibleFrom { get; set; }
}
