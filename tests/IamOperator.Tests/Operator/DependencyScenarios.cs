using System.Text.Json;
using IamOperator.Iam;
using IamOperator.Operator;
using IamOperator.Resources;
using k8s.Models;

namespace IamOperator.Tests.Operator;

/// <summary>
/// Dependency events end to end, written once and run on the in-memory Kubernetes API and on the real API server.
/// Resync and the dependency timeout's timed look are 10 minutes away and the drift scan is off, so every change of
/// state these scenarios wait for can only come from a dependency's own watch event waking its dependents.
/// </summary>
public static class DependencyScenarios
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Deleting an IamGroup removes the IAM group and, at once, takes Ready away from the users that reference it by
    /// groupRefs and by IAM name in groupNames.
    /// </summary>
    public static async Task Deleting_a_group_takes_Ready_from_the_users_that_reference_it(OperatorHarness op, string ns)
    {
        await op.CreateAsync(Group(ns, "developers", "Developers"));
        await op.CreateAsync(User(ns, "alice", u => u.GroupRefs = [new ResourceRef { Name = "developers" }]));
        await op.CreateAsync(User(ns, "bob", u => u.GroupNames = ["Developers"]));
        await WaitReadyAsync<IamUser>(op, ns, "alice");
        await WaitReadyAsync<IamUser>(op, ns, "bob");
        Assert.Equal(["alice", "bob"], (await op.Iam.GetGroupMembersAsync("Developers", default)).Select(u => u.UserName).Order());

        await op.Kubernetes.DeleteAsync(IamResourceKinds.Group, ns, "developers", default);

        await OperatorHarness.WaitUntilAsync(async () => await op.GetAsync<IamGroup>(ns, "developers") is null, "the group is gone (finalizer released)", Wait);
        await WaitReasonAsync<IamUser>(op, ns, "alice", ConditionReasons.WaitingForDependency, "IamGroup");
        await WaitReasonAsync<IamUser>(op, ns, "bob", ConditionReasons.WaitingForDependency, "Developers");
        var error = await Assert.ThrowsAsync<IamApiException>(() => op.Iam.GetGroupMembersAsync("Developers", default));
        Assert.Equal(IamErrorCode.NoSuchEntity, error.ErrorCode);
    }

    /// <summary>
    /// Deleting an IamPolicy takes Ready at once from a role that attaches it and from one that uses it as its permissions
    /// boundary (whose IAM use keeps the policy's own deletion retrying until the boundary goes).
    /// </summary>
    public static async Task Deleting_a_policy_takes_Ready_from_roles_that_attach_it_or_use_it_as_boundary(OperatorHarness op, string ns)
    {
        await op.CreateAsync(Policy(ns, "boundary"));
        await op.CreateAsync(Role(ns, "attaches", r => r.Permissions = new PermissionsSpec { PolicyRefs = [new ResourceRef { Name = "boundary" }] }));
        await op.CreateAsync(Role(ns, "bounded", r => r.PermissionsBoundary = new PermissionsBoundarySpec { PolicyRef = new ResourceRef { Name = "boundary" } }));
        await WaitReadyAsync<IamServiceRole>(op, ns, "attaches");
        await WaitReadyAsync<IamServiceRole>(op, ns, "bounded");

        await op.Kubernetes.DeleteAsync(IamResourceKinds.Policy, ns, "boundary", default);

        await WaitReasonAsync<IamServiceRole>(op, ns, "attaches", ConditionReasons.WaitingForDependency, "IamPolicy");
        await WaitReasonAsync<IamServiceRole>(op, ns, "bounded", ConditionReasons.WaitingForDependency, "IamPolicy");
    }

    /// <summary>A user waiting for a group that does not exist yet is Ready as soon as the group is.</summary>
    public static async Task A_user_waiting_for_its_group_is_woken_when_the_group_becomes_Ready(OperatorHarness op, string ns)
    {
        await op.CreateAsync(User(ns, "carol", u => u.GroupRefs = [new ResourceRef { Name = "auditors" }]));
        await WaitReasonAsync<IamUser>(op, ns, "carol", ConditionReasons.WaitingForDependency, "IamGroup");

        await op.CreateAsync(Group(ns, "auditors", "Auditors"));

        await WaitReadyAsync<IamUser>(op, ns, "carol");
        Assert.Contains(await op.Iam.GetGroupMembersAsync("Auditors", default), u => u.UserName == "carol");
    }

    /// <summary>
    /// With a short dependency timeout (the caller configures it): a groupRefs entry naming no group is Stalled with
    /// DependencyNotFound, and Ready on its own once the group appears.
    /// </summary>
    public static async Task A_missing_dependency_is_Stalled_DependencyNotFound_and_Ready_once_it_appears(OperatorHarness op, string ns)
    {
        await op.CreateAsync(User(ns, "dave", u => u.GroupRefs = [new ResourceRef { Name = "platform" }]));

        await WaitReasonAsync<IamUser>(op, ns, "dave", ConditionReasons.DependencyNotFound, "IamGroup");
        var stalled = OperatorHarness.Condition(await op.GetAsync<IamUser>(ns, "dave"), ConditionTypes.Stalled);
        Assert.Equal("True", stalled?.Status);
        Assert.Equal("False", OperatorHarness.Condition(await op.GetAsync<IamUser>(ns, "dave"), ConditionTypes.Reconciling)?.Status);

        await op.CreateAsync(Group(ns, "platform", "Platform"));

        await WaitReadyAsync<IamUser>(op, ns, "dave");
        Assert.Contains(await op.Iam.GetGroupMembersAsync("Platform", default), u => u.UserName == "dave");
    }

    public static Task WaitReadyAsync<T>(OperatorHarness op, string ns, string name) where T : class, IIamResource =>
        OperatorHarness.WaitUntilAsync(async () => OperatorHarness.IsReady(await op.GetAsync<T>(ns, name)), $"{typeof(T).Name} {name} is Ready", Wait,
            async () => Describe(await op.GetAsync<T>(ns, name)));

    private static Task WaitReasonAsync<T>(OperatorHarness op, string ns, string name, string reason, string messagePart) where T : class, IIamResource =>
        OperatorHarness.WaitUntilAsync(async () =>
            OperatorHarness.Condition(await op.GetAsync<T>(ns, name), ConditionTypes.Ready) is { Status: "False" } ready
            && ready.Reason == reason && ready.Message.Contains(messagePart, StringComparison.Ordinal),
            $"{typeof(T).Name} {name} is not Ready for {reason} ({messagePart})", Wait, async () => Describe(await op.GetAsync<T>(ns, name)));

    private static string Describe(IIamResource? resource) =>
        OperatorHarness.Condition(resource, ConditionTypes.Ready) is { } ready ? $"Ready={ready.Status} {ready.Reason}: {ready.Message}" : "no Ready condition";

    public static IamGroup Group(string ns, string name, string iamName) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Spec = new IamGroupSpec { IamName = iamName },
    };

    public static IamUser User(string ns, string name, Action<IamUserSpec> spec)
    {
        var user = new IamUser { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns }, Spec = new IamUserSpec { RequireMfa = false } };
        spec(user.Spec);
        return user;
    }

    private static IamServiceRole Role(string ns, string name, Action<IamServiceRoleSpec> spec)
    {
        var role = new IamServiceRole
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
            Spec = new IamServiceRoleSpec { Trust = new TrustSpec { Services = ["lambda.amazonaws.com"] } },
        };
        spec(role.Spec);
        return role;
    }

    private static IamPolicy Policy(string ns, string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Spec = new IamPolicySpec
        {
            Document = JsonDocument.Parse("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*"}]}""").RootElement.Clone(),
        },
    };
}
