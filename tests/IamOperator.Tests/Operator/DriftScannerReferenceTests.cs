using IamOperator.Controllers;
using IamOperator.Hosting;
using IamOperator.Operator;
using IamOperator.Reconciliation;
using IamOperator.Resources;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace IamOperator.Tests.Operator;

/// <summary>
/// The drift scan judges references too: a user still Ready in its status although the group it declares is gone
/// (e.g. its wake-up was missed while no replica led) is not in sync and is enqueued.
/// </summary>
public sealed class DriftScannerReferenceTests
{
    private const string Ns = "iam-team";

    [Fact]
    public async Task A_Ready_user_whose_declared_group_is_gone_is_enqueued_as_drifted()
    {
        await using var account = await EmbeddedIam.StartAsync(10_000, 10_000);
        var controller = new RecordingController();
        var alice = ReadyUser("alice", groupRef: "developers");
        var noGroups = new InformerResourceLookup((_, _) => null, (_, _) => null);
        var scanner = new DriftScanner(account.Iam, [(controller, () => [alice])], () => true,
            new ReconcileSettings { OwnerId = "test-cluster" }, noGroups, TimeSpan.Zero, TimeProvider.System, NullLogger<DriftScanner>.Instance);

        var drifted = await scanner.ScanOnceAsync(default);

        Assert.Equal(1, drifted);
        Assert.Equal([(Ns, "alice", ReconcileTrigger.Drift)], controller.Enqueued);
    }

    [Fact]
    public async Task A_Ready_user_whose_declared_group_exists_and_matches_IAM_is_not_drifted()
    {
        await using var account = await EmbeddedIam.StartAsync(10_000, 10_000);
        await account.Iam.CreateGroupAsync("Developers", "/", default);
        await account.Iam.CreateUserAsync(new Iam.CreateUserRequest("alice", "/", null, [new Iam.IamTag("iamoperator.dev/owner", $"test-cluster/{Ns}/alice")]), default);
        await account.Iam.AddUserToGroupAsync("Developers", "alice", default);
        var controller = new RecordingController();
        var group = new IamGroup
        {
            Metadata = new V1ObjectMeta { Name = "developers", NamespaceProperty = Ns, Generation = 1 },
            Spec = new IamGroupSpec { IamName = "Developers" },
            Status = ReadyStatus("arn:aws:iam::111122223333:group/Developers"),
        };
        var lookup = new InformerResourceLookup((_, name) => name == "developers" ? group : null, (_, _) => null);
        var scanner = new DriftScanner(account.Iam, [(controller, () => [ReadyUser("alice", groupRef: "developers")])], () => true,
            new ReconcileSettings { OwnerId = "test-cluster" }, lookup, TimeSpan.Zero, TimeProvider.System, NullLogger<DriftScanner>.Instance);

        Assert.Equal(0, await scanner.ScanOnceAsync(default));
        Assert.Empty(controller.Enqueued);
    }

    private static IamUser ReadyUser(string name, string groupRef) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Ns, Generation = 1 },
        Spec = new IamUserSpec { GroupRefs = [new ResourceRef { Name = groupRef }], RequireMfa = false },
        Status = ReadyStatus($"arn:aws:iam::111122223333:user/{name}"),
    };

    private static IamResourceStatus ReadyStatus(string arn) => new()
    {
        ObservedGeneration = 1,
        Arn = arn,
        Conditions = [new V1Condition { Type = ConditionTypes.Ready, Status = "True", Reason = ConditionReasons.Reconciled, Message = "matches" }],
    };

    private sealed class RecordingController : IController
    {
        public List<(string Namespace, string Name, ReconcileTrigger Trigger)> Enqueued { get; } = [];

        public CustomResourceKind Kind => IamResourceKinds.User;

        public bool HasSynced => true;

        public Task RunCacheAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task RunWorkersAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Enqueue(string @namespace, string name, ReconcileTrigger trigger) => Enqueued.Add((@namespace, name, trigger));

        public void EnqueueAll(ReconcileTrigger trigger) => throw new InvalidOperationException("the drift scan enqueues single resources");
    }
}
