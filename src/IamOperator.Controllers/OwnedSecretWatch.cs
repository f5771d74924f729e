using System.Runtime.CompilerServices;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace IamOperator.Controllers;

/// <summary>
/// Watches the Secrets an operator labels as its own and queues the controller owner of every one that is added,
/// changed or deleted (controller-runtime's <c>Owns(&amp;Secret{})</c>): a Secret deleted or edited by hand is put right
/// by its owner's next reconcile at once, not at the next resync. When a Secret's controller changes (someone
/// rewrote its ownerReferences) the former owner is queued too, so it notices it lost the Secret.
/// </summary>
/// <remarks>
/// The label selector keeps every other Secret of the cluster out of the operator's memory; a Secret that loses the
/// label leaves the cache as Deleted and so also wakes its owner. The cache keeps metadata only: the values are
/// dropped as they arrive, so no credential stays in the operator's memory for longer than one event. Runs on every
/// replica like the informers; the controllers ignore keys while they are not running workers.
/// </remarks>
public sealed class OwnedSecretWatch
{
    private readonly IReadOnlyList<IController> owners;

    /// <param name="api">The cluster.</param>
    /// <param name="labelSelector">Selects the operator's Secrets, e.g. <c>app.kubernetes.io/managed-by=iam-operator</c>.</param>
    /// <param name="owners">The controllers of the kinds that own Secrets, matched by API group and kind.</param>
    /// <param name="options">Namespaces to watch (the controllers' own) and reconnect backoff.</param>
    /// <param name="time">The clock for reconnect backoff.</param>
    /// <param name="loggerFactory">Logs of the Secret informer.</param>
    public OwnedSecretWatch(
        IKubernetesApi api, string labelSelector, IReadOnlyList<IController> owners, InformerOptions options, TimeProvider time, ILoggerFactory loggerFactory)
    {
        this.owners = owners;
        Informer = new Informer<V1Secret>(new WithoutValues(ListWatchSources.Secrets(api, labelSelector)), options, time,
            loggerFactory.CreateLogger("IamOperator.Controllers.Informer.Secret"));
        Informer.Changed += OnChanged;
    }

    /// <summary>The cache of the operator's Secrets (tests wait on its <see cref="Informer{T}.LastSyncResourceVersion"/>).</summary>
    public Informer<V1Secret> Informer { get; }

    public Task RunAsync(CancellationToken cancellationToken) => Informer.RunAsync(cancellationToken);

    private void OnChanged(CacheChange<V1Secret> change)
    {
        var now = Owner(change.Object);
        now?.Controller.Enqueue(change.Object.Metadata.NamespaceProperty ?? "", now.Value.Name, ReconcileTrigger.Watch);
        if (change.Previous is { } previous && Owner(previous) is { } before && before != now)
        {
            before.Controller.Enqueue(previous.Metadata.NamespaceProperty ?? "", before.Name, ReconcileTrigger.Watch);
        }
    }

    /// <summary>Secrets with their <c>data</c> and <c>stringData</c> dropped: who owns a Secret and when it changed is all the watch needs.</summary>
    private sealed class WithoutValues(IListWatchSource<V1Secret> source) : IListWatchSource<V1Secret>
    {
        public string Kind => source.Kind;

        public bool ClusterScoped => source.ClusterScoped;

        public async Task<ResourceList<V1Secret>> ListAsync(string? @namespace, CancellationToken cancellationToken)
        {
            var list = await source.ListAsync(@namespace, cancellationToken).ConfigureAwait(false);
            return list with { Items = [.. list.Items.Select(Strip)] };
        }

        public async IAsyncEnumerable<WatchEvent<V1Secret>> WatchAsync(
            string? @namespace, string resourceVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var change in source.WatchAsync(@namespace, resourceVersion, cancellationToken).ConfigureAwait(false))
            {
                yield return change with { Object = Strip(change.Object) };
            }
        }

        private static V1Secret Strip(V1Secret secret)
        {
            secret.Data = null;
            secret.StringData = null;
            return secret;
        }
    }

    /// <summary>The controller of the Secret's controller ownerReference, when it is one of <see cref="owners"/>.</summary>
    private (IController Controller, string Name)? Owner(V1Secret secret)
    {
        if (secret.Metadata.OwnerReferences?.FirstOrDefault(r => r.Controller == true) is not { } reference)
        {
            return null;
        }

        // apiVersion is group/version; any served version names the same owner.
        var group = reference.ApiVersion?.Split('/') is [var g, _] ? g : "";
        return owners.FirstOrDefault(c => c.Kind.Group == group && c.Kind.Kind == reference.Kind) is { } controller
            ? (controller, reference.Name)
            : null;
    }
}
