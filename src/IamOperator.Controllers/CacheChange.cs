namespace IamOperator.Controllers;

/// <summary>One change of an informer's cache: the object now (for Deleted, its last known state) and, for Updated, before.</summary>
public sealed record CacheChange<T>(CacheChangeType Type, T Object, T? Previous);
