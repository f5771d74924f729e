using IamOperator.Iam;
using IamOperator.Reconciliation.Tests.Desired;
using IamOperator.Resources;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace IamOperator.Reconciliation.Tests;

/// <summary>
/// A missing dependency is waited for (Reconciling, WaitingForDependency) until the dependency timeout has passed since
/// the wait began, then Stalled (DependencyNotFound), and Ready again once the dependency is there. Time is the
/// Reconciling condition's lastTransitionTime as the status writer stores it, judged on a fake clock.
/// </summary>
public sealed class DependencyWaitTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
    private readonly DictionaryLookup lookup = new();

    [Fact]
    public async Task A_fresh_wait_looks_again_exactly_at_the_dependency_timeout()
    {
        var outcome = await ReconcileAsync(UserWithGroupRef());

        Assert.Equal(ConditionReasons.WaitingForDependency, outcome.Reason);
        Assert.True(outcome.Find(ConditionTypes.Reconciling)!.IsTrue);
        Assert.Equal(Timeout, outcome.RequeueAfter);
    }

    [Fact]
    public async Task A_wait_that_began_earlier_looks_again_only_for_what_is_left_of_the_timeout()
    {
        var user = UserWithGroupRef();
        Record(user, await ReconcileAsync(user));
        time.Advance(TimeSpan.FromMinutes(4));

        var outcome = await ReconcileAsync(user);

        Assert.Equal(ConditionReasons.WaitingForDependency, outcome.Reason);
        Assert.Equal(TimeSpan.FromMinutes(6), outcome.RequeueAfter);
    }

    [Fact]
    public async Task At_the_timeout_a_missing_dependency_is_Stalled_DependencyNotFound_naming_it_and_stays_so()
    {
        var user = UserWithGroupRef();
        Record(user, await ReconcileAsync(user));
        time.Advance(Timeout);

        var stalled = await ReconcileAsync(user);
        Record(user, stalled);
        time.Advance(TimeSpan.FromHours(5));
        var later = await ReconcileAsync(user);

        Assert.True(stalled.IsStalled);
        Assert.Equal(ConditionReasons.DependencyNotFound, stalled.Reason);
        Assert.Contains("IamGroup team-a/developers (spec.groupRefs[0]) is not declared", stalled.Message, StringComparison.Ordinal);
        Assert.Null(stalled.RequeueAfter);
        Assert.Equal(ConditionReasons.DependencyNotFound, later.Reason);
        Assert.True(later.IsStalled);
    }

    [Fact]
    public async Task A_resource_Stalled_for_a_missing_dependency_is_Ready_once_the_dependency_exists()
    {
        await using var iam = await Emulated.EmulatedIam.StartAsync();
        await iam.Iam.CreateGroupAsync("Developers", "/", default);
        var user = UserWithGroupRef();
        Record(user, await ReconcileAsync(user));
        time.Advance(Timeout);
        Record(user, await ReconcileAsync(user));
        lookup.Entries["IamGroup/team-a/developers"] = new ResolvedDependency("Developers", "arn:aws:iam::111122223333:group/Developers", true);

        var outcome = await new IamResourceReconciler(iam.Iam, lookup, Settings, time, NullLoggerFactory.Instance)
            .ReconcileAsync(user, ReconcileOptions.Apply, default);

        Assert.True(outcome.IsReady, outcome.Message);
        Assert.Contains(await iam.Iam.GetGroupMembersAsync("Developers", default), u => u.UserName == "alice");
    }

    private static ReconcileSettings Settings => new() { OwnerId = "cluster-a", DependencyTimeout = Timeout };

    /// <summary>No IAM call is made while a reference is missing: an IAM client that fails every call proves it.</summary>
    private Task<ReconcileOutcome> ReconcileAsync(IIamResource resource) =>
        new IamResourceReconciler(System.Reflection.DispatchProxy.Create<IIamApi, UnreachableIam>(), lookup, Settings, time, NullLoggerFactory.Instance)
            .ReconcileAsync(resource, ReconcileOptions.Apply, default);

    /// <summary>Stores conditions as the status writer does: lastTransitionTime moves only when a status changes.</summary>
    private void Record(IIamResource resource, ReconcileOutcome outcome)
    {
        var before = resource.Status?.Conditions ?? [];
        resource.Status ??= new IamResourceStatus();
        resource.Status.Conditions = [.. outcome.Conditions.Select(c => new V1Condition
        {
            Type = c.Type,
            Status = c.Status,
            Reason = c.Reason,
            Message = c.Message,
            LastTransitionTime = before.FirstOrDefault(b => b.Type == c.Type && b.Status == c.Status)?.LastTransitionTime ?? time.GetUtcNow().UtcDateTime,
        })];
    }

    private static IamUser UserWithGroupRef() => new()
    {
        Metadata = new V1ObjectMeta { Name = "alice", NamespaceProperty = "team-a", Generation = 1 },
        Spec = new IamUserSpec { GroupRefs = [new ResourceRef { Name = "developers" }], RequireMfa = false },
    };

    /// <summary>Fails every IAM call (DispatchProxy needs a public, non-sealed class with a public constructor).</summary>
    public class UnreachableIam : System.Reflection.DispatchProxy
    {
        protected override object? Invoke(System.Reflection.MethodInfo? targetMethod, object?[]? args) =>
            throw new InvalidOperationException($"no IAM call expected while a dependency is missing, got {targetMethod?.Name}");
    }
}
