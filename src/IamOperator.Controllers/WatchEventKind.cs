namespace IamOperator.Controllers;

/// <summary>
/// The watch event types an <see cref="IKubernetesApi"/> yields. The apiserver's <c>ERROR</c> event is
/// never yielded: it surfaces as a typed exception (410 Gone as <see cref="ResourceVersionExpiredException"/>).
/// </summary>
public enum WatchEventKind
{
    Added,
    Modified,
    Deleted,
    /// <summary>Only <c>metadata.resourceVersion</c> of the object is meaningful: the watch has seen everything up to it.</summary>
    Bookmark,
}
