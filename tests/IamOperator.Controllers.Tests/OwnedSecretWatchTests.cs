using IamOperator.Controllers.InMemory;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace IamOperator.Controllers.Tests;

/// <summary>A Secret the operator owns wakes its owner when it changes, so a hand-deleted or hand-edited Secret is put right.</summary>
public sealed class OwnedSecretWatchTests : IAsyncDisposable
{
    private const string Managed = "app.kubernetes.io/managed-by=iam-operator";
    private readonly FakeTimeProvider time = new();
    private readonly InMemoryKubernetesApi api;
    private readonly RecordingReconciler reconciler = new();
    private readonly ControllerMetrics metrics = new();
    private readonly CancellationTokenSource stop = new();
    private readonly CancellationToken ct = TestContext.Timeout(20);
    private Controller<Widget>? widgets;
    private OwnedSecretWatch? watch;
    private Task running = Task.CompletedTask;

    public OwnedSecretWatchTests() => api = new InMemoryKubernetesApi(time);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await running;
        stop.Dispose();
        metrics.Dispose();
    }

    [Fact]
    public async Task A_Secret_deleted_by_hand_queues_its_controller_owner()
    {
        var before = await StartWithOwnedSecret("a");

        await api.DeleteSecretAsync("default", "a-creds", null, ct);

        await Eventually.True(() => reconciler.CallsFor("a") == before + 1, because: "the owner's reconcile after the Secret went");
        Assert.Equal(ReconcileTrigger.Watch, reconciler.Calls.Last().Trigger);
    }

    [Fact]
    public async Task A_Secret_edited_by_hand_queues_its_controller_owner()
    {
        var before = await StartWithOwnedSecret("a");
        var secret = (await api.GetSecretAsync("default", "a-creds", ct))!;
        secret.Data = new Dictionary<string, byte[]> { ["AWS_ACCESS_KEY_ID"] = "edited"u8.ToArray() };

        await api.ReplaceSecretAsync(secret, ct);

        await Eventually.True(() => reconciler.CallsFor("a") == before + 1, because: "the owner's reconcile after the edit");
    }

    [Fact]
    public async Task A_Secret_stripped_of_its_ownerReference_queues_the_former_owner()
    {
        var before = await StartWithOwnedSecret("a");
        var secret = (await api.GetSecretAsync("default", "a-creds", ct))!;
        secret.Metadata.OwnerReferences = null;

        await api.ReplaceSecretAsync(secret, ct);

        await Eventually.True(() => reconciler.CallsFor("a") == before + 1, because: "the former owner's reconcile");
    }

    [Fact]
    public async Task Secrets_without_the_label_or_controlled_by_another_kind_queue_nobody()
    {
        var before = await StartWithOwnedSecret("a");
        await api.CreateAsync(Widget.Crd, Widget.New("b"), ct);
        await Eventually.True(() => reconciler.CallsFor("b") == 1 && widgets!.IsIdle, because: "b's first reconcile");

        await api.CreateSecretAsync(Secret("unlabelled", Owner("Widget", "example.com/v1", "b"), labelled: false), ct);
        await api.CreateSecretAsync(Secret("other-kind", Owner("Gadget", "example.com/v1", "b"), labelled: true), ct);
        await api.CreateSecretAsync(Secret("other-group", Owner("Widget", "elsewhere.io/v1", "b"), labelled: true), ct);
        await api.CreateSecretAsync(Secret("not-controller", Owner("Widget", "example.com/v1", "b", controller: false), labelled: true), ct);
        var seen = api.ResourceVersion;
        await Eventually.True(() => watch!.Informer.LastSyncResourceVersion == seen && widgets!.IsIdle, because: "the Secret informer to catch up");

        Assert.Equal(1, reconciler.CallsFor("b"));
        Assert.Equal(before, reconciler.CallsFor("a"));
        Assert.Equal(["a-creds", "not-controller", "other-group", "other-kind"], watch!.Informer.Items.Select(s => s.Metadata.Name).Order());
    }

    [Fact]
    public async Task The_Secret_cache_keeps_owners_and_labels_but_no_values()
    {
        await StartWithOwnedSecret("a");
        var secret = (await api.GetSecretAsync("default", "a-creds", ct))!;
        secret.Data["AWS_SECRET_ACCESS_KEY"] = "edited"u8.ToArray();
        var edited = await api.ReplaceSecretAsync(secret, ct);

        await Eventually.True(() => watch!.Informer.LastSyncResourceVersion == edited.Metadata.ResourceVersion, because: "the edit to reach the cache");

        var cached = watch!.Informer.Get("default", "a-creds")!;
        Assert.Null(cached.Data);
        Assert.Null(cached.StringData);
        Assert.Equal("a", Assert.Single(cached.Metadata.OwnerReferences).Name);
        Assert.Equal("iam-operator", cached.Metadata.Labels["app.kubernetes.io/managed-by"]);
    }

    /// <summary>Starts the controller and the watch with one owned Secret; returns the owner's reconciles once all is quiet.</summary>
    private async Task<int> StartWithOwnedSecret(string owner)
    {
        await api.CreateAsync(Widget.Crd, Widget.New(owner), ct);
        await api.CreateSecretAsync(Secret($"{owner}-creds", Owner("Widget", "example.com/v1", owner), labelled: true), ct);
        widgets = new Controller<Widget>(api, Widget.Crd, reconciler, new ControllerOptions(), metrics, time, NullLoggerFactory.Instance);
        watch = new OwnedSecretWatch(api, Managed, [widgets], new InformerOptions(), time, NullLoggerFactory.Instance);
        running = Task.WhenAll(widgets.RunCacheAsync(stop.Token), widgets.RunWorkersAsync(stop.Token), watch.RunAsync(stop.Token));
        await watch.Informer.WaitForSyncAsync(ct);
        // The new object's reconcile, and maybe one more for the Secret's Added on the initial list (when the
        // workers were already running and the first reconcile was in progress).
        await Eventually.True(() => reconciler.CallsFor(owner) >= 1 && widgets.IsIdle, because: "the first reconcile");
        return reconciler.CallsFor(owner);
    }

    private static V1Secret Secret(string name, V1OwnerReference owner, bool labelled) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "default",
            OwnerReferences = [owner],
            Labels = labelled ? new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "iam-operator" } : null,
        },
        Data = new Dictionary<string, byte[]> { ["AWS_ACCESS_KEY_ID"] = "AKIAEXAMPLE"u8.ToArray() },
    };

    private static V1OwnerReference Owner(string kind, string apiVersion, string name, bool controller = true) => new()
    {
        ApiVersion = apiVersion, Kind = kind, Name = name, Uid = Guid.NewGuid().ToString(), Controller = controller, BlockOwnerDeletion = true,
    };
}
