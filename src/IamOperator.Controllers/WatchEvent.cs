namespace IamOperator.Controllers;

/// <summary>One event of a watch stream.</summary>
public sealed record WatchEvent<T>(WatchEventKind Type, T Object);
