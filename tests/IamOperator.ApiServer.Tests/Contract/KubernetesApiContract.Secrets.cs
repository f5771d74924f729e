using System.Text;
using IamOperator.ApiServer.Tests.Fixture;
using IamOperator.Controllers;
using k8s.Models;

namespace IamOperator.ApiServer.Tests.Contract;

/// <summary>
/// v1 Secrets, as the operator keeps user credentials in them. Every test requires <see cref="ApiCapability.CoreSecrets"/>:
/// the CRD-only real server serves no core API, so there these are reported skipped with that reason.
/// </summary>
public abstract partial class KubernetesApiContract
{
    private const string Managed = "app.kubernetes.io/managed-by";

    [ContractFact(Requires = ApiCapability.CoreSecrets)]
    public async Task Secret_create_merges_stringData_into_data_defaults_the_type_and_never_returns_stringData()
    {
        var secret = NewSecret("creds", data: new() { ["a"] = "from-data", ["b"] = "kept" });
        secret.StringData = new Dictionary<string, string> { ["a"] = "from-stringData", ["c"] = "new" };

        var created = await Api.CreateSecretAsync(secret, Timeout);
        var read = await Api.GetSecretAsync(Namespace, "creds", Timeout);

        foreach (var s in new[] { created, read! })
        {
            Assert.Null(s.StringData);
            Assert.Equal("Opaque", s.Type);
            Assert.Equal(["a", "b", "c"], s.Data.Keys.Order());
            Assert.Equal("from-stringData", Encoding.UTF8.GetString(s.Data["a"]));
            Assert.Equal("kept", Encoding.UTF8.GetString(s.Data["b"]));
            Assert.Equal("new", Encoding.UTF8.GetString(s.Data["c"]));
        }
        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.False(string.IsNullOrEmpty(created.Metadata.ResourceVersion));
    }

    [ContractFact(Requires = ApiCapability.CoreSecrets)]
    public async Task Secret_get_of_a_missing_Secret_returns_null()
    {
        Assert.Null(await Api.GetSecretAsync(Namespace, "missing", Timeout));
    }

    [ContractFact(Requires = ApiCapability.CoreSecrets)]
    public async Task Secret_create_of_an_existing_name_fails_with_AlreadyExists()
    {
        await Api.CreateSecretAsync(NewSecret("creds"), Timeout);

        var error = await Assert.ThrowsAsync<AlreadyExistsException>(() => Api.CreateSecretAsync(NewSecret("creds"), Timeout));

        Assert.Equal("secrets \"creds\" already exists", error.Message);
    }

    [ContractFact(Requires = ApiCapability.CoreSecrets)]
    public async Task Secret_names_are_DNS_subdomains()
    {
        var error = await Assert.ThrowsAsync<InvalidResourceException>(() => Api.CreateSecretAsync(NewSecret("Not_A_Name"), Timeout));

        Assert.Equal(422, error.StatusCode);
        Assert.Contains("metadata.name: Invalid value: \"Not_A_Name\"", error.Message);
        await Api.CreateSecretAsync(NewSecret("a.b-c"), Timeout);
    }

    [ContractFact(Requires = ApiCapability.CoreSecrets)]
    public async Task Secret_data_keys_must_be_config_keys_also_when_written_as_stringData()
    {
        var secret = NewSecret("creds");
        secret.StringData = new Dictionary<string, string> { ["not a key"] = "x" };

        var error = await Assert.ThrowsAsync<InvalidResourceException>(() => Api.CreateSecretAsync(secret, Timeout));

        Assert.Contains("data[not a key]: Invalid value: \"not a key\": a valid config key must consist of alphanumeric characters", error.Message);
        await Api.CreateSecretAsync(NewSecret("ok", data: new() { ["AWS_ACCESS_KEY_ID"] = "x", ["tls.crt"] = "y", ["a-b"] = "z" }), Timeout);
    }

    [ContractFact(Requires = ApiCapability.CoreSecrets)]
    public async Task Secret_values_may_hold_1_MiB_together_and_no_more()
    {
        var half = new string('x', 512 * 1024);
        await Api.CreateSecretAsync(NewSecret("full", data: new() { ["a"] = half, ["b"] = half }), Timeout);

        var error = await Assert.ThrowsAsync<InvalidResourceException>(
            () => Api.CreateSecretAsync(NewSecret("over", data: new() { ["a"] = half, ["b"] = half + "x" }), Timeout));

        Assert.Contains("data: Too long", error.Message);
        Assert.Contains("1048576", error.Message);
    }

    [ContractFact(Requires = ApiCapability.CoreSecrets)]
    public async Task Secret_replace_with_a_stale_resourceVersion_fails_with_Conflict_and_without_one_is_unconditional()
    {
        var created = await Api.CreateSecretAsync(NewSecret("creds", data: new() { ["k"] = "1" }), Timeout);
        created.Data["k"] = "2"u8.ToArray();
        var replaced = await Api.ReplaceSecretAsync(created, Timeout);

        created.Data["k"] = "3"u8.ToArray(); // still carries the first resourceVersion
        await Assert.ThrowsAsync<ConflictException>(() => Api.ReplaceSecretAsync(created, Timeout));
        created.Metadata.ResourceVersion = null;
        var unconditional = await Api.ReplaceSecretAsync(created, Timeout);

        Assert.NotEqual(replaced.Metadata.ResourceVersion, unconditional.Metadata.ResourceVersion);
        Assert.Equal("3", Encoding.UTF8.GetString((await Api.GetSecretAsync(Namespace, "creds", Timeout))!.Data["k"]));
    }

    [ContractFact(Requires = ApiCapability.CoreSecrets)]
    public async Task Secret_replace_of_a_missing_Secret_fails_with_NotFound()
    {
        var secret = NewSecret("missing");
        secret.Metadata.ResourceVersion = "1";

        await Assert.ThrowsAsync<NotFoundException>(() => Api.ReplaceSecretAsync(secret, Timeout));
    }

    [ContractFact(Requires = ApiCapability.CoreSecrets)]
    public async Task Immutable_Secret_refuses_data_changes_and_becoming_mutable_but_takes_metadata_changes()
    {
        var secret = NewSecret("frozen", data: new() { ["k"] = "1" });
        secret.Immutable = true;
        var created = await Api.CreateSecretAsync(secret, Timeout);

        created.Data["k"] = "2"u8.ToArray();
        var dataChange = await Assert.ThrowsAsync<InvalidResourceException>(() => Api.ReplaceSecretAsync(created, Timeout));
        created.Data["k"] = "1"u8.ToArray();
        created.Immutable = false;
        var mutable = await Assert.ThrowsAsync<InvalidResourceException>(() => Api.ReplaceSecretAsync(created, Timeout));
        created.Immutable = true;
        created.Metadata.Labels = new Dictionary<string, string> { ["team"] = "a" };
        var relabelled = await Api.ReplaceSecretAsync(created, Timeout);

        Assert.Contains("data: Forbidden: field is immutable when `immutable` is set", dataChange.Message);
        Assert.Contains("immutable: Forbidden: field is immutable when `immutable` is set", mutable.Message);
        Assert.Equal("a", relabelled.Metadata.Labels["team"]);
    }

    [ContractFact(Requires = ApiCapability.CoreSecrets)]
    public async Task Secret_type_cannot_change()
    {
        var created = await Api.CreateSecretAsync(NewSecret("creds", data: new() { ["k"] = "1" }), Timeout);
        created.Type = "example.com/other";

        var error = await Assert.ThrowsAsync<InvalidResourceException>(() => Api.ReplaceSecretAsync(created, Timeout));

        Assert.Contains("type: Invalid value: \"example.com/other\": field is immutable", error.Message);
    }

    [ContractFact(Requires = ApiCapability.CoreSecrets)]
    public async Task Secret_keeps_its_ownerReference_and_refuses_two_controllers()
    {
        var owned = NewSecret("owned");
        owned.Metadata.OwnerReferences = [Owner("IamUser", "alice", controller: true)];
        var created = await Api.CreateSecretAsync(owned, Timeout);
        var twoControllers = NewSecret("contested");
        twoControllers.Metadata.OwnerReferences = [Owner("IamUser", "alice", controller: true), Owner("IamUser", "bob", controller: true)];

        var error = await Assert.ThrowsAsync<InvalidResourceException>(() => Api.CreateSecretAsync(twoControllers, Timeout));

        var reference = Assert.Single(created.Metadata.OwnerReferences);
        Assert.Equal(("iamoperator.dev/v1alpha1", "IamUser", "alice", true, true),
            (reference.ApiVersion, reference.Kind, reference.Name, reference.Controller, reference.BlockOwnerDeletion));
        Assert.Contains("Only one reference can have Controller set to true", error.Message);
    }

    [ContractFact(Requires = ApiCapability.CoreSecrets)]
    public async Task Secret_delete_removes_it_checks_a_resourceVersion_precondition_and_fails_with_NotFound_when_missing()
    {
        var created = await Api.CreateSecretAsync(NewSecret("creds", data: new() { ["k"] = "1" }), Timeout);
        created.Data["k"] = "2"u8.ToArray();
        var replaced = await Api.ReplaceSecretAsync(created, Timeout);

        await Assert.ThrowsAsync<ConflictException>(() => Api.DeleteSecretAsync(Namespace, "creds", created.Metadata.ResourceVersion, Timeout));
        await Api.DeleteSecretAsync(Namespace, "creds", replaced.Metadata.ResourceVersion, Timeout);

        Assert.Null(await Api.GetSecretAsync(Namespace, "creds", Timeout));
        await Assert.ThrowsAsync<NotFoundException>(() => Api.DeleteSecretAsync(Namespace, "creds", null, Timeout));
    }

    [ContractFact(Requires = ApiCapability.CoreSecrets)]
    public async Task Secret_list_returns_only_the_Secrets_matching_the_label_selector()
    {
        await Api.CreateSecretAsync(NewSecret("managed", labels: new() { [Managed] = "iam-operator" }), Timeout);
        await Api.CreateSecretAsync(NewSecret("other", labels: new() { [Managed] = "someone-else" }), Timeout);
        await Api.CreateSecretAsync(NewSecret("unlabelled"), Timeout);

        var list = await Api.ListSecretsAsync(Namespace, $"{Managed}=iam-operator", Timeout);

        Assert.Equal(["managed"], list.Items.Select(s => s.Metadata.Name));
        Assert.False(string.IsNullOrEmpty(list.ResourceVersion));
    }

    [ContractFact(Requires = ApiCapability.CoreSecrets)]
    public async Task Secret_watch_with_a_label_selector_sees_a_Secret_that_gains_the_label_as_Added_and_one_that_loses_it_as_Deleted()
    {
        var selector = $"{Managed}=iam-operator";
        var list = await Api.ListSecretsAsync(Namespace, selector, Timeout);
        var created = await Api.CreateSecretAsync(NewSecret("creds"), Timeout);
        created.Metadata.Labels = new Dictionary<string, string> { [Managed] = "iam-operator" };
        var labelled = await Api.ReplaceSecretAsync(created, Timeout);
        labelled.Data = new Dictionary<string, byte[]> { ["k"] = "1"u8.ToArray() };
        var edited = await Api.ReplaceSecretAsync(labelled, Timeout);
        edited.Metadata.Labels = new Dictionary<string, string>();
        await Api.ReplaceSecretAsync(edited, Timeout);

        var events = new List<WatchEvent<V1Secret>>();
        await foreach (var e in Api.WatchSecretsAsync(Namespace, selector, list.ResourceVersion, allowBookmarks: false, Timeout))
        {
            events.Add(e);
            if (e.Type == WatchEventKind.Deleted)
            {
                break;
            }
        }

        Assert.Equal([WatchEventKind.Added, WatchEventKind.Modified, WatchEventKind.Deleted], events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal("creds", e.Object.Metadata.Name));
    }

    private V1Secret NewSecret(string name, Dictionary<string, string>? data = null, Dictionary<string, string>? labels = null) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Metadata = new V1ObjectMeta { NamespaceProperty = Namespace, Name = name, Labels = labels },
        Data = data?.ToDictionary(d => d.Key, d => Encoding.UTF8.GetBytes(d.Value)),
    };

    private static V1OwnerReference Owner(string kind, string name, bool controller) => new()
    {
        ApiVersion = "iamoperator.dev/v1alpha1",
        Kind = kind,
        Name = name,
        Uid = Guid.NewGuid().ToString(),
        Controller = controller,
        BlockOwnerDeletion = true,
    };
}
