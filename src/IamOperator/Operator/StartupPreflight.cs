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

    /// <summary>Null when everything needed is there, else the problem in one paragraph.</summary>
    public async Task<string?> CheckAsync(IReadOnlyList<string> namespaces, CancellationToken cancellationToken)
    {
        var scopes = namespaces.Count == 0 ? [null] : namespaces.Select(n => (string?)n).ToList();
        foreach (var kind in IamResourceKinds.All)
        {
            foreach (var scope in scopes)
            {
                try
                {
                    await api.ListAsync<Resources.IamGroup>(kind, scope, cancellationToken).ConfigureAwait(false);
                }
                catch (NotFoundException)
                {
                    return $"The CRD {kind.GroupResource} is not installed (listing {kind.Kind} answered 404). " +
                        "Install the CRDs first: `iam-operator crds --stdout | kubectl apply -f -` or the Helm chart.";
                }
                catch (ForbiddenException e)
                {
                    return $"RBAC forbids listing {kind.GroupResource}{(scope is null ? " in all namespaces" : $" in namespace {scope}")}: {e.Message} " +
                        "Grant the operator's ServiceAccount the ClusterRole from the Helm chart or config/rbac/.";
                }
            }
        }

        return client is null ? null : await CheckAccessAsync(scopes, cancellationToken).ConfigureAwait(false);
    }

    private async Task<string?> CheckAccessAsync(IReadOnlyList<string?> scopes, CancellationToken cancellationToken)
    {
        var denied = new List<string>();
        foreach (var kind in IamResourceKinds.All)
        {
            foreach (var (verb, subresource) in NeededVerbs)
            {
                foreach (var scope in scopes)
                {
                    var review = new V1SelfSubjectAccessReview
                    {
                        Spec = new V1SelfSubjectAccessReviewSpec
                        {
                            ResourceAttributes = new V1ResourceAttributes
                            {
                                Group = kind.Group, Resource = kind.Plural, Verb = verb, Subresource = subresource, NamespaceProperty = scope,
                            },
                        },
                    };
                    try
                    {
                        var answer = await client!.AuthorizationV1.CreateSelfSubjectAccessReviewAsync(review, cancellationToken: cancellationToken).ConfigureAwait(false);
                        if (answer.Status?.Allowed != true)
                        {
                            denied.Add($"{verb} {kind.Plural}{(subresource is null ? "" : "/" + subresource)}{(scope is null ? "" : $" in {scope}")}");
                        }
                    }
                    catch (HttpOperationException e) when ((int)e.Response.StatusCode == 404)
                    {
                        // A server without the authorization API (e.g. the standalone CRD server in tests): nothing to ask.
                        LogNoAccessReview();
                        return null;
                    }
                }
            }
        }

        return denied.Count == 0 ? null
            : $"RBAC forbids verbs the operator needs on {IamResourceKinds.All[0].Group}: {string.Join(", ", denied)}. " +
              "Grant the operator's ServiceAccount the ClusterRole from the Helm chart or config/rbac/.";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The API server does not serve SelfSubjectAccessReview; RBAC was checked by listing only")]
    private partial void LogNoAccessReview();
}
