using IamOperator.Controllers;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace IamOperator.Operator;

/// <summary>
/// Checks before the operator starts that the CRDs are installed and RBAC allows every verb it needs, so a
/// missing install step is one clear error at start-up instead of a stream of failing reconciles.
/// </summary>
public sealed partial class StartupPreflight(IKubernetesApi api, IKubernetes? client, ILogger<StartupPreflight> logger)
{
    /// <summary>What the operator does with each of its kinds (and their status subresource).</summary>
    public static IReadOnlyList<(string Verb, string? Subresource)> NeededVerbs { get; } =
    [
        ("get", null), ("list", null), ("watch", null), ("update", null), ("patch", null),
        ("patch", "status"), ("update", "finalizers"),
    ];

    /// <summary>What the operator does with Secrets (core API) where it watches: the IamUsers' credentials (KubernetesSecretStore, OwnedSecretWatch).</summary>
    public static IReadOnlyList<string> NeededSecretVerbs { get; } = ["get", "list", "watch", "create", "update", "delete"];

    /// <summary>
    /// Null when everything needed is there, else the problem in one paragraph: also an API server that
    /// cannot be reached or refuses the credentials, the first thing a wrong kubeconfig context shows.
    /// </summary>
    public async Task<string?> CheckAsync(IReadOnlyList<string> namespaces, (string Namespace, string Name)? lease, CancellationToken cancellationToken)
    {
        var scopes = namespaces.Count == 0 ? [null] : namespaces.Select(n => (string?)n).ToList();
        foreach (var kind in IamResourceKinds.All)
        {
            // A cluster-scoped kind is listed cluster-wide whatever namespaces are watched, as its informer does.
            foreach (var scope in kind.ClusterScoped ? [null] : scopes)
            {
                try
                {
                    await api.ListAsync<Resources.IamGroup>(kind, scope, cancellationToken).ConfigureAwait(false);
                }
                catch (NotFoundException)
                {
                    return $"The CRD {kind.GroupResource} is not installed (listing {kind.Kind} answered 404). " +
                        "Install the CRDs first: `iam-operator crds | kubectl apply -f -` or the Helm chart.";
                }
                catch (ForbiddenException e)
                {
                    return $"RBAC forbids listing {kind.GroupResource}{(kind.ClusterScoped ? " (cluster-scoped)" : scope is null ? " in all namespaces" : $" in namespace {scope}")}: {e.Message} " +
                        "Grant the operator's ServiceAccount the ClusterRole from the Helm chart or config/rbac/.";
                }
                catch (KubernetesApiException e) when (e.StatusCode == 401)
                {
                    return $"The Kubernetes API server{Server} rejected the credentials (401 Unauthorized: {e.Message}). " +
                        "Check the kubeconfig's user (token, client certificate or exec plugin) and that it has not expired.";
                }
                catch (HttpRequestException e)
                {
                    // Not a bug to report: the kubeconfig points at a server that does not answer.
                    return $"cannot reach the Kubernetes API server{Server} ({e.Message}). " +
                        "Check the kubeconfig's server and current context (or KUBECONFIG), the network and any proxy.";
                }
            }
        }

        return client is null ? null : await CheckAccessAsync(scopes, lease, cancellationToken).ConfigureAwait(false);
    }

    private string Server => client?.BaseUri is { } uri ? $" at {uri}" : "";

    private async Task<string?> CheckAccessAsync(IReadOnlyList<string?> scopes, (string Namespace, string Name)? lease, CancellationToken cancellationToken)
    {
        var needed = new List<V1ResourceAttributes>();
        foreach (var kind in IamResourceKinds.All.Where(k => k.ClusterScoped))
        {
            // No namespace: only a ClusterRole grants a cluster-scoped kind.
            needed.AddRange(NeededVerbs.Select(v => new V1ResourceAttributes
            {
                Group = kind.Group, Resource = kind.Plural, Verb = v.Verb, Subresource = v.Subresource,
            }));
        }

        // Events about a cluster-scoped object go to "default", as client-go's recorders do; asked below when watched.
        if (!scopes.Contains(null) && !scopes.Contains(EventRecorder.ClusterScopedEventNamespace))
        {
            needed.Add(new V1ResourceAttributes { Group = "events.k8s.io", Resource = "events", Verb = "create", NamespaceProperty = EventRecorder.ClusterScopedEventNamespace });
        }

        foreach (var scope in scopes)
        {
            foreach (var kind in IamResourceKinds.All.Where(k => !k.ClusterScoped))
            {
                needed.AddRange(NeededVerbs.Select(v => new V1ResourceAttributes
                {
                    Group = kind.Group, Resource = kind.Plural, Verb = v.Verb, Subresource = v.Subresource, NamespaceProperty = scope,
                }));
            }

            needed.Add(new V1ResourceAttributes { Group = "events.k8s.io", Resource = "events", Verb = "create", NamespaceProperty = scope });
            needed.AddRange(NeededSecretVerbs.Select(verb => new V1ResourceAttributes { Group = "", Resource = "secrets", Verb = verb, NamespaceProperty = scope }));
        }

        if (lease is { } l)
        {
            // create cannot be limited to a name in RBAC; get and update are asked for the operator's own Lease.
            needed.Add(new V1ResourceAttributes { Group = "coordination.k8s.io", Resource = "leases", Verb = "create", NamespaceProperty = l.Namespace });
            needed.AddRange(new[] { "get", "update" }.Select(verb => new V1ResourceAttributes
            {
                Group = "coordination.k8s.io", Resource = "leases", Verb = verb, NamespaceProperty = l.Namespace, Name = l.Name,
            }));
        }

        var denied = new List<string>();
        foreach (var attributes in needed)
        {
            try
            {
                var review = new V1SelfSubjectAccessReview { Spec = new V1SelfSubjectAccessReviewSpec { ResourceAttributes = attributes } };
                var answer = await client!.AuthorizationV1.CreateSelfSubjectAccessReviewAsync(review, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (answer.Status?.Allowed != true)
                {
                    denied.Add($"{attributes.Verb} {attributes.Resource}{(attributes.Subresource is null ? "" : "/" + attributes.Subresource)}" +
                        $"{(string.IsNullOrEmpty(attributes.Group) ? "" : "." + attributes.Group)}{(attributes.NamespaceProperty is null ? "" : $" in {attributes.NamespaceProperty}")}");
                }
            }
            catch (HttpOperationException e) when ((int)e.Response.StatusCode == 404)
            {
                // A server without the authorization API (e.g. the standalone CRD server in tests): nothing to ask.
                LogNoAccessReview();
                return null;
            }
        }

        return denied.Count == 0 ? null
            : $"RBAC forbids verbs the operator needs: {string.Join(", ", denied)}. " +
              "Grant the operator's ServiceAccount the roles from the Helm chart or config/rbac/.";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The API server does not serve SelfSubjectAccessReview; RBAC was checked by listing only")]
    private partial void LogNoAccessReview();
}
