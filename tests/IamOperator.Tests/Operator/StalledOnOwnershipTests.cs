using IamOperator.Iam;
using IamOperator.Resources;
using IamOperator.Resources.Manifests;

namespace IamOperator.Tests.Operator;

/// <summary>
/// A resource Stalled because its IAM entity is someone else's waits for IAM to change, not for its spec: with a
/// resync of hours, the drift scan is what notices that the entity went away or now carries this resource's owner,
/// and it enqueues such a resource once per state of that entity rather than on every scan.
/// </summary>
public sealed class StalledOnOwnershipTests
{
    private const string Ns = "iam-team";
    private const string Owner = "test-cluster/iam-team/alice";

    private static IIamResource Manifest(string yaml) => Assert.Single(ManifestLoader.LoadText(yaml, "test.yaml").Resources);

    private static IIamResource Alice() => Manifest("""
        apiVersion: iamoperator.dev/v1alpha1
        kind: IamUser
        metadata: { name: alice, namespace: iam-team }
        spec: { requireMfa: false }
        """);

    private static async Task<string?> StalledReasonAsync<T>(OperatorHarness op, string name) where T : class, IIamResource
    {
        var resource = await op.GetAsync<T>(Ns, name);
        return resource?.Status?.ObservedGeneration == resource?.Metadata.Generation
            && OperatorHarness.Condition(resource, ConditionTypes.Stalled) is { Status: "True" } stalled ? stalled.Reason : null;
    }

    private static Task WaitStalledAsync<T>(OperatorHarness op, string name, string reason) where T : class, IIamResource =>
        OperatorHarness.WaitUntilAsync(async () => await StalledReasonAsync<T>(op, name) == reason, $"{typeof(T).Name} {name} is Stalled ({reason})",
            explain: async () => OperatorHarness.Condition(await op.GetAsync<T>(Ns, name), ConditionTypes.Ready)?.Message ?? "no status");

    private static Task WaitIdleAsync(OperatorHarness op) =>
        OperatorHarness.WaitUntilAsync(() => Task.FromResult(op.Runtime.Policies.IsIdle && op.Runtime.Groups.IsIdle && op.Runtime.Users.IsIdle && op.Runtime.ServiceRoles.IsIdle),
            "every controller is idle");

    [Fact]
    public async Task A_user_stalled_on_AlreadyExists_is_reconciled_by_the_drift_scan_once_the_foreign_user_is_deleted()
    {
        await using var op = await OperatorHarness.StartAsync();
        await op.Iam.CreateUserAsync(new CreateUserRequest("alice"), default);
        await op.CreateAsync(Alice());
        await WaitStalledAsync<IamUser>(op, "alice", ConditionReasons.AlreadyExists);

        await op.Iam.DeleteUserAsync("alice", default);
        var enqueued = await op.Runtime.DriftScanner.ScanOnceAsync(default);

        Assert.Equal(1, enqueued);
        await OperatorHarness.WaitUntilAsync(async () => OperatorHarness.IsReady(await op.GetAsync<IamUser>(Ns, "alice")), "alice is Ready");
        Assert.Equal(Owner, (await op.Iam.ListTagsAsync(IamTaggable.User("alice"), default)).Single(t => t.Key == KubernetesApiGroup.OwnerTagKey).Value);
    }

    [Fact]
    public async Task A_user_stalled_on_OwnershipConflict_is_reconciled_by_the_drift_scan_once_the_user_carries_its_owner()
    {
        await using var op = await OperatorHarness.StartAsync();
        await op.Iam.CreateUserAsync(new CreateUserRequest("alice", Tags: [new IamTag(KubernetesApiGroup.OwnerTagKey, "other-cluster/iam-team/alice")]), default);
        await op.CreateAsync(Alice());
        await WaitStalledAsync<IamUser>(op, "alice", ConditionReasons.OwnershipConflict);

        // The other cluster hands the user over.
        await op.Iam.TagAsync(IamTaggable.User("alice"), [new IamTag(KubernetesApiGroup.OwnerTagKey, Owner)], default);
        var enqueued = await op.Runtime.DriftScanner.ScanOnceAsync(default);

        Assert.Equal(1, enqueued);
        await OperatorHarness.WaitUntilAsync(async () => OperatorHarness.IsReady(await op.GetAsync<IamUser>(Ns, "alice")), "alice is Ready");
    }

    [Fact]
    public async Task A_stalled_resource_whose_entity_is_still_someone_elses_is_not_enqueued_by_the_scan()
    {
        await using var op = await OperatorHarness.StartAsync();
        await op.Iam.CreateUserAsync(new CreateUserRequest("alice", Tags: [new IamTag(KubernetesApiGroup.OwnerTagKey, "other-cluster/iam-team/alice")]), default);
        await op.CreateAsync(Alice());
        await WaitStalledAsync<IamUser>(op, "alice", ConditionReasons.OwnershipConflict);
        await WaitIdleAsync(op);
        op.Emulator.Statistics.Reset();

        Assert.Equal(0, await op.Runtime.DriftScanner.ScanOnceAsync(default));
        // Another owner's tag changes, but the user is still not ours.
        await op.Iam.TagAsync(IamTaggable.User("alice"), [new IamTag(KubernetesApiGroup.OwnerTagKey, "third-cluster/iam-team/alice")], default);
        Assert.Equal(0, await op.Runtime.DriftScanner.ScanOnceAsync(default));

        Assert.True(op.Runtime.Users.IsIdle);
        Assert.Equal(0, op.Emulator.Statistics.CallsOf("GetUser"));
        Assert.Equal(ConditionReasons.OwnershipConflict, await StalledReasonAsync<IamUser>(op, "alice"));
    }

    [Fact]
    public async Task A_stall_the_snapshot_cannot_see_is_retried_once_per_state_of_the_entity_not_on_every_scan()
    {
        // GetAccountAuthorizationDetails carries no managed policy tags: the scan cannot tell an unmarked policy from
        // ours. The declared document differs, so the reconcile reads the policy and its tags before writing, and stalls.
        await using var op = await OperatorHarness.StartAsync();
        var document = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""";
        var foreign = await op.Iam.CreatePolicyAsync(new CreatePolicyRequest("ReportsRead", document), default);
        await op.CreateAsync(Manifest("""
            apiVersion: iamoperator.dev/v1alpha1
            kind: IamPolicy
            metadata: { name: reports-read, namespace: iam-team }
            spec:
              iamName: ReportsRead
              document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: [s3:GetObject, s3:ListBucket], Resource: "*" }] }
            """));
        await WaitStalledAsync<IamPolicy>(op, "reports-read", ConditionReasons.AlreadyExists);

        Assert.Equal(1, await op.Runtime.DriftScanner.ScanOnceAsync(default));
        await WaitIdleAsync(op);
        Assert.Equal(ConditionReasons.AlreadyExists, await StalledReasonAsync<IamPolicy>(op, "reports-read"));
        Assert.Equal(0, await op.Runtime.DriftScanner.ScanOnceAsync(default));
        Assert.Equal(0, await op.Runtime.DriftScanner.ScanOnceAsync(default));

        // Someone deletes the unmarked policy: a new state, so the scan enqueues it again, and it is created as ours.
        await op.Iam.DeletePolicyAsync(foreign.Arn, default);
        Assert.Equal(1, await op.Runtime.DriftScanner.ScanOnceAsync(default));
        await OperatorHarness.WaitUntilAsync(async () => OperatorHarness.IsReady(await op.GetAsync<IamPolicy>(Ns, "reports-read")), "the policy is Ready");
    }
}
