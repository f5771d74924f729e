using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace IamOperator.Controllers;

/// <summary>
/// The one way status reaches the cluster: a merge patch on <c>/status</c>, conditional on the resourceVersion it
/// was computed from, that sets <c>observedGeneration</c>, keeps each condition's <c>lastTransitionTime</c> unless its
/// status changed, and is not sent at all when nothing changed. On 409 Conflict it re-reads and recomputes.
/// </summary>
/// <remarks>
/// The status type must serialize <c>observedGeneration</c> and <c>conditions</c> (metav1.Condition shape) and
/// round-trip every field it writes, or the comparison with the stored status would never be equal.
/// </remarks>
public sealed partial class StatusWriter(IKubernetesApi api, TimeProvider time, ILogger<StatusWriter> logger)
{
    /// <summary>How many times a conflicting write is recomputed before the conflict is reported.</summary>
    public int MaxConflictRetries { get; init; } = 5;

    /// <summary>
    /// Makes the stored status equal to <paramref name="status"/> for the generation of <paramref name="resource"/>
    /// (the one the reconcile acted on). Returns the object as stored afterwards.
    /// </summary>
    public async Task<T> WriteAsync<T>(CustomResourceKind kind, T resource, object status, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var generation = resource.Metadata.Generation;
        var @namespace = resource.Metadata.NamespaceProperty;
        var name = resource.Metadata.Name;
        var wanted = ToJsonObject(status);
        var current = resource;
        for (var attempt = 1; ; attempt++)
        {
            var stored = ToJsonObject(current)["status"] as JsonObject;
            var desired = StatusPatch.Desired(stored, wanted, generation, time.GetUtcNow());
            var patch = StatusPatch.Diff(stored, desired);
            if (patch.Count == 0)
            {
                return current;
            }

            try
            {
                return await api.PatchStatusAsync<T>(kind, @namespace, name, patch, current.Metadata.ResourceVersion, cancellationToken).ConfigureAwait(false);
            }
            catch (ConflictException) when (attempt <= MaxConflictRetries)
            {
                LogConflict(kind.Kind, @namespace, name, attempt);
                current = await api.GetAsync<T>(kind, @namespace, name, cancellationToken).ConfigureAwait(false)
                    ?? throw new NotFoundException($"{kind.GroupResource} \"{name}\" not found while writing its status");
            }
        }
    }

    private static JsonObject ToJsonObject(object value) =>
        JsonNode.Parse(KubernetesJson.Serialize(value)) as JsonObject
        ?? throw new ArgumentException($"A status must serialize to a JSON object, not {value.GetType().Name}.", nameof(value));

    [LoggerMessage(Level = LogLevel.Debug, Message = "Status write of {Kind} {Namespace}/{Name} conflicted (attempt {Attempt}); re-reading")]
    private partial void LogConflict(string kind, string @namespace, string name, int attempt);
}
