namespace IamOperator.Controllers;

/// <summary>A consistent snapshot of a list call: the items and the collection's resourceVersion to watch from.</summary>
public sealed record ResourceList<T>(IReadOnlyList<T> Items, string ResourceVersion);
