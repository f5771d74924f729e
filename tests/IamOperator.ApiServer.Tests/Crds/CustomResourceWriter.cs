using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace IamOperator.ApiServer.Tests.Crds;

/// <summary>Writes untyped custom resources and reports the apiserver's refusal, if any.</summary>
public sealed class CustomResourceWriter(IKubernetes client)
{
    /// <summary>Creates the resource (only validated when <paramref name="dryRun"/>); null when accepted, else the server's message.</summary>
    public Task<string?> CreateAsync(JsonObject crd, JsonObject resource, bool dryRun, CancellationToken cancellationToken) =>
        RefusalOf(async () =>
        {
            var (group, version, plural) = Coordinates(crd);
            using var _ = ClusterScoped(crd)
                ? await client.CustomObjects.CreateClusterCustomObjectWithHttpMessagesAsync(
                    resource, group, version, plural, dryRun: dryRun ? "All" : null, cancellationToken: cancellationToken)
                : await client.CustomObjects.CreateNamespacedCustomObjectWithHttpMessagesAsync(
                    resource, group, version, Namespace(resource), plural, dryRun: dryRun ? "All" : null, cancellationToken: cancellationToken);
        });

    /// <summary>Replaces the stored resource with <paramref name="resource"/>, validated only (dry run).</summary>
    public Task<string?> ReplaceDryRunAsync(JsonObject crd, JsonObject resource, CancellationToken cancellationToken) =>
        RefusalOf(async () =>
        {
            var (group, version, plural) = Coordinates(crd);
            var name = (string)resource["metadata"]!["name"]!;
            using var _ = ClusterScoped(crd)
                ? await client.CustomObjects.ReplaceClusterCustomObjectWithHttpMessagesAsync(
                    resource, group, version, plural, name, dryRun: "All", cancellationToken: cancellationToken)
                : await client.CustomObjects.ReplaceNamespacedCustomObjectWithHttpMessagesAsync(
                    resource, group, version, Namespace(resource), plural, name, dryRun: "All", cancellationToken: cancellationToken);
        });

    public async Task<JsonObject> GetAsync(JsonObject crd, string @namespace, string name, CancellationToken cancellationToken)
    {
        var (group, version, plural) = Coordinates(crd);
        using var response = ClusterScoped(crd)
            ? await client.CustomObjects.GetClusterCustomObjectWithHttpMessagesAsync<JsonObject>(group, version, plural, name, cancellationToken: cancellationToken)
            : await client.CustomObjects.GetNamespacedCustomObjectWithHttpMessagesAsync<JsonObject>(
                group, version, @namespace, plural, name, cancellationToken: cancellationToken);
        return response.Body;
    }

    /// <summary>Deletes a stored resource (no operator runs here, so nothing holds it with a finalizer).</summary>
    public async Task DeleteAsync(JsonObject crd, string @namespace, string name, CancellationToken cancellationToken)
    {
        var (group, version, plural) = Coordinates(crd);
        using var _ = ClusterScoped(crd)
            ? await client.CustomObjects.DeleteClusterCustomObjectWithHttpMessagesAsync(group, version, plural, name, cancellationToken: cancellationToken)
            : await client.CustomObjects.DeleteNamespacedCustomObjectWithHttpMessagesAsync(group, version, @namespace, plural, name, cancellationToken: cancellationToken);
    }

    /// <summary>A cluster-scoped kind (IamAccountPasswordPolicy) has no namespace in its URL.</summary>
    private static bool ClusterScoped(JsonObject crd) => (string?)crd["spec"]!["scope"] == "Cluster";

    private static string Namespace(JsonObject resource) => (string?)resource["metadata"]?["namespace"] ?? "default";

    private static (string Group, string Version, string Plural) Coordinates(JsonObject crd) => (
        (string)crd["spec"]!["group"]!,
        (string)crd["spec"]!["versions"]!.AsArray().First(v => (bool)v!["storage"]!)!["name"]!,
        (string)crd["spec"]!["names"]!["plural"]!);

    private static async Task<string?> RefusalOf(Func<Task> write)
    {
        try
        {
            await write();
            return null;
        }
        catch (HttpOperationException e)
        {
            var status = string.IsNullOrEmpty(e.Response.Content) ? null : KubernetesJson.Deserialize<V1Status>(e.Response.Content);
            return $"{(int)e.Response.StatusCode} {status?.Reason}: {status?.Message ?? e.Response.Content}";
        }
    }
}
