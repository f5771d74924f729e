using System.Text;
using CsCheck;
using IamOperator.Controllers;
using IamOperator.Controllers.InMemory;
using IamOperator.Operator;
using IamOperator.Reconciliation.Credentials;
using k8s.Models;

namespace IamOperator.Tests.Operator;

/// <summary>The Kubernetes credential store: owned Secrets only, never someone else's.</summary>
public sealed class KubernetesSecretStoreTests
{
    private const string Namespace = "team-a";
    private static readonly CredentialSecretOwner Alice = new("iamoperator.dev/v1alpha1", "IamUser", "alice", "5f0c7a52-0000-4000-8000-000000000001");
    private static readonly CredentialSecretRef AliceKeys = new(Namespace, "alice-keys", Alice);
    private static readonly CredentialSecretData Keys = new(new Dictionary<string, string>
    {
        ["AWS_ACCESS_KEY_ID"] = "AKIAEXAMPLEEXAMPLE01",
        ["AWS_SECRET_ACCESS_KEY"] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    });

    private readonly InMemoryKubernetesApi api = new();
    private readonly KubernetesSecretStore store;
    private readonly CancellationToken ct = new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    public KubernetesSecretStoreTests() => store = new KubernetesSecretStore(api);

    [Fact]
    public async Task Write_creates_an_Opaque_Secret_controlled_by_the_IamUser_and_labelled_as_the_operators()
    {
        await store.WriteAsync(AliceKeys, Keys, ct);

        var secret = (await api.GetSecretAsync(Namespace, "alice-keys", ct))!;
        var owner = Assert.Single(secret.Metadata.OwnerReferences);
        Assert.Equal(("iamoperator.dev/v1alpha1", "IamUser", "alice", Alice.Uid), (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid));
        Assert.True(owner.Controller);
        Assert.True(owner.BlockOwnerDeletion);
        Assert.Equal("iam-operator", secret.Metadata.Labels["app.kubernetes.io/managed-by"]);
        Assert.Equal("Opaque", secret.Type);
        Assert.Equal("AKIAEXAMPLEEXAMPLE01", Encoding.UTF8.GetString(secret.Data["AWS_ACCESS_KEY_ID"]));
        Assert.Single((await api.ListSecretsAsync(Namespace, KubernetesSecretStore.ManagedBySelector, ct)).Items);
    }

    [Fact]
    public async Task Read_returns_the_values_and_whether_the_given_owner_controls_the_Secret()
    {
        await store.WriteAsync(AliceKeys, Keys, ct);

        var asAlice = await store.ReadAsync(AliceKeys, ct);
        var asNewAlice = await store.ReadAsync(AliceKeys with { Owner = Alice with { Uid = "a-recreated-alice" } }, ct);

        Assert.True(asAlice!.OwnedByOwner);
        Assert.Equal(Keys.Values, asAlice.Data.Values);
        Assert.False(asNewAlice!.OwnedByOwner);
        Assert.Null(await store.ReadAsync(AliceKeys with { Name = "missing" }, ct));
    }

    [Fact]
    public async Task Write_replaces_the_values_of_an_owned_Secret_and_keeps_its_other_metadata()
    {
        await store.WriteAsync(AliceKeys, Keys, ct);
        var stored = (await api.GetSecretAsync(Namespace, "alice-keys", ct))!;
        stored.Metadata.Annotations = new Dictionary<string, string> { ["team"] = "platform" };
        stored.Data["added-by-hand"] = "x"u8.ToArray();
        await api.ReplaceSecretAsync(stored, ct);

        var rotated = new CredentialSecretData(new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = "AKIANEWKEYNEWKEY0002", ["AWS_SECRET_ACCESS_KEY"] = "new" });
        await store.WriteAsync(AliceKeys, rotated, ct);

        var secret = (await api.GetSecretAsync(Namespace, "alice-keys", ct))!;
        Assert.Equal(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"], secret.Data.Keys.Order());
        Assert.Equal("AKIANEWKEYNEWKEY0002", Encoding.UTF8.GetString(secret.Data["AWS_ACCESS_KEY_ID"]));
        Assert.Equal("platform", secret.Metadata.Annotations["team"]);
        Assert.Equal(Alice.Uid, Assert.Single(secret.Metadata.OwnerReferences).Uid);
    }

    [Fact]
    public async Task Write_of_the_values_already_stored_writes_nothing()
    {
        await store.WriteAsync(AliceKeys, Keys, ct);
        var before = api.ResourceVersion;

        await store.WriteAsync(AliceKeys, Keys, ct);

        Assert.Equal(before, api.ResourceVersion);
    }

    [Fact]
    public async Task Write_never_overwrites_a_Secret_owned_by_no_one_and_names_it_without_its_values()
    {
        await api.CreateSecretAsync(Secret("alice-keys", owners: null, ("password", "hand-made-value")), ct);

        var e = await Assert.ThrowsAsync<CredentialSecretConflictException>(() => store.WriteAsync(AliceKeys, Keys, ct));

        Assert.Contains("Secret team-a/alice-keys already exists and is owned by no controller, not by IamUser alice", e.Message);
        Assert.DoesNotContain("hand-made-value", e.Message);
        Assert.DoesNotContain(Keys["AWS_SECRET_ACCESS_KEY"]!, e.Message);
        Assert.Equal("hand-made-value", Encoding.UTF8.GetString((await api.GetSecretAsync(Namespace, "alice-keys", ct))!.Data["password"]));
    }

    [Fact]
    public async Task Write_never_overwrites_a_Secret_controlled_by_another_resource_even_a_recreated_IamUser_of_the_same_name()
    {
        var formerAlice = new V1OwnerReference
        {
            ApiVersion = "iamoperator.dev/v1alpha1", Kind = "IamUser", Name = "alice", Uid = "an-older-alice", Controller = true, BlockOwnerDeletion = true,
        };
        await api.CreateSecretAsync(Secret("alice-keys", [formerAlice], ("AWS_ACCESS_KEY_ID", "AKIAOLDOLDOLDOLD0001")), ct);

        var e = await Assert.ThrowsAsync<CredentialSecretConflictException>(() => store.WriteAsync(AliceKeys, Keys, ct));

        Assert.Contains("controlled by IamUser alice (uid an-older-alice)", e.Message);
        Assert.Equal("AKIAOLDOLDOLDOLD0001", Encoding.UTF8.GetString((await api.GetSecretAsync(Namespace, "alice-keys", ct))!.Data["AWS_ACCESS_KEY_ID"]));
    }

    [Fact]
    public async Task A_Secret_someone_else_creates_between_the_read_and_the_create_is_not_overwritten()
    {
        var raced = false;
        api.FaultInjector = r =>
        {
            if (r is { Verb: "create", Resource: "secrets" } && !raced)
            {
                raced = true;
                api.CreateSecretAsync(Secret("alice-keys", owners: null, ("k", "theirs")), ct).GetAwaiter().GetResult();
            }

            return null;
        };

        await Assert.ThrowsAsync<CredentialSecretConflictException>(() => store.WriteAsync(AliceKeys, Keys, ct));

        Assert.Equal("theirs", Encoding.UTF8.GetString((await api.GetSecretAsync(Namespace, "alice-keys", ct))!.Data["k"]));
    }

    [Fact]
    public async Task Write_rereads_and_retries_when_the_Secret_changed_since_it_was_read()
    {
        await store.WriteAsync(AliceKeys, new CredentialSecretData(new Dictionary<string, string> { ["k"] = "old" }), ct);
        var conflicts = 0;
        api.FaultInjector = r => r is { Verb: "update", Resource: "secrets" } && conflicts++ < 2 ? new ConflictException("the object has been modified") : null;

        await store.WriteAsync(AliceKeys, Keys, ct);

        Assert.Equal(3, conflicts);
        Assert.Equal(Keys.Values, (await store.ReadAsync(AliceKeys, ct))!.Data.Values);
    }

    [Fact]
    public async Task An_owned_Secret_someone_made_immutable_is_a_conflict_not_a_failed_update()
    {
        await store.WriteAsync(AliceKeys, Keys, ct);
        var stored = (await api.GetSecretAsync(Namespace, "alice-keys", ct))!;
        stored.Immutable = true;
        await api.ReplaceSecretAsync(stored, ct);

        var e = await Assert.ThrowsAsync<CredentialSecretConflictException>(
            () => store.WriteAsync(AliceKeys, new CredentialSecretData(new Dictionary<string, string> { ["k"] = "new" }), ct));

        Assert.Contains("immutable", e.Message);
    }

    [Fact]
    public async Task Delete_removes_an_owned_Secret_and_leaves_anyone_elses()
    {
        await store.WriteAsync(AliceKeys, Keys, ct);
        await api.CreateSecretAsync(Secret("bob-keys", owners: null, ("k", "v")), ct);

        await store.DeleteAsync(AliceKeys, ct);
        await store.DeleteAsync(AliceKeys with { Name = "bob-keys" }, ct);
        await store.DeleteAsync(AliceKeys with { Name = "missing" }, ct);

        Assert.Null(await api.GetSecretAsync(Namespace, "alice-keys", ct));
        Assert.NotNull(await api.GetSecretAsync(Namespace, "bob-keys", ct));
    }

    [Fact]
    public async Task Delete_does_not_remove_a_Secret_that_changed_hands_since_it_was_read()
    {
        await store.WriteAsync(AliceKeys, Keys, ct);
        var handedOver = false;
        api.FaultInjector = r =>
        {
            if (r is { Verb: "delete", Resource: "secrets" } && !handedOver)
            {
                handedOver = true;
                var secret = api.GetSecretAsync(Namespace, "alice-keys", ct).GetAwaiter().GetResult()!;
                secret.Metadata.OwnerReferences = null;
                api.ReplaceSecretAsync(secret, ct).GetAwaiter().GetResult();
            }

            return null;
        };

        await store.DeleteAsync(AliceKeys, ct);

        Assert.NotNull(await api.GetSecretAsync(Namespace, "alice-keys", ct));
    }

    [Fact]
    public void Any_text_values_round_trip_through_a_Secret() =>
        Gen.Dictionary(Gen.Select(Gen.Char["abcXYZ"], Gen.String[Gen.Char["abcXYZ019-_."], 0, 20], (first, rest) => first + rest), Gen.String[Gen.Char['\u0020', '\uD7FF'], 0, 60])[1, 4]
            .Sample(values =>
            {
                var api = new InMemoryKubernetesApi();
                var store = new KubernetesSecretStore(api);
                store.WriteAsync(AliceKeys, new CredentialSecretData(values), ct).GetAwaiter().GetResult();
                var read = store.ReadAsync(AliceKeys, ct).GetAwaiter().GetResult()!;
                return read.OwnedByOwner && read.Data.Values.Count == values.Count && values.All(v => read.Data[v.Key] == v.Value);
            }, iter: 200);

    private static V1Secret Secret(string name, IList<V1OwnerReference>? owners, params (string Key, string Value)[] data) => new()
    {
        Metadata = new V1ObjectMeta { NamespaceProperty = Namespace, Name = name, OwnerReferences = owners },
        Data = data.ToDictionary(d => d.Key, d => Encoding.UTF8.GetBytes(d.Value)),
    };
}
