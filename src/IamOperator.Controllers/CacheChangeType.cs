namespace IamOperator.Controllers;

/// <summary>How an informer's cache changed.</summary>
public enum CacheChangeType
{
    Added,
    Updated,
    Deleted,
}
