using IamOperator.Controllers.InMemory;
using IamOperator.Operator;
using IamOperator.Resources;

namespace IamOperator.Tests.Operator;

/// <summary>Dependency events on the in-memory Kubernetes API (the same scenarios run on the real API server).</summary>
public sealed class DependencyEndToEndTests
{
    private const string Ns = "iam-team";

    [Fact]
    public async Task Deleting_a_group_takes_Ready_from_its_users_at_once_and_warns_on_the_group_naming_them()
    {
        await using var op = await OperatorHarness.StartAsync();

        await DependencyScenarios.Deleting_a_group_takes_Ready_from_the_users_that_reference_it(op, Ns);

        var warning = Assert.Single(((InMemoryKubernetesApi)op.Kubernetes).Events, e => e.Reason == ClusterReconciler<IamGroup>.DependentsLoseAccessReason);
        Assert.Equal("Warning", warning.Type);
        Assert.Equal("developers", warning.Regarding.Name);
        Assert.Equal("IamGroup", warning.Regarding.Kind);
        Assert.Equal(
            "deleting IamGroup iam-team/developers strips access from 2 reference(s) still naming it: "
            + "IamUser iam-team/alice (spec.groupRefs[0]), IamUser iam-team/bob (spec.groupNames[0])",
            warning.Note);
    }

    [Fact]
    public async Task Deleting_a_policy_takes_Ready_from_roles_that_attach_it_or_use_it_as_their_boundary()
    {
        await using var op = await OperatorHarness.StartAsync();

        await DependencyScenarios.Deleting_a_policy_takes_Ready_from_roles_that_attach_it_or_use_it_as_boundary(op, Ns);

        var warning = Assert.Single(((InMemoryKubernetesApi)op.Kubernetes).Events, e => e.Reason == ClusterReconciler<IamPolicy>.DependentsLoseAccessReason);
        Assert.Contains("IamServiceRole iam-team/attaches (spec.permissions.policyRefs[0])", warning.Note, StringComparison.Ordinal);
        Assert.Contains("IamServiceRole iam-team/bounded (spec.permissionsBoundary.policyRef)", warning.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_waiting_for_its_group_is_woken_by_the_group_and_not_by_a_timer()
    {
        await using var op = await OperatorHarness.StartAsync();

        await DependencyScenarios.A_user_waiting_for_its_group_is_woken_when_the_group_becomes_Ready(op, Ns);
    }

    [Fact]
    public async Task After_the_dependency_timeout_a_missing_group_is_Stalled_DependencyNotFound_until_it_appears()
    {
        await using var op = await OperatorHarness.StartAsync(configure: o => o.Controller.DependencyTimeout = TimeSpan.FromSeconds(1));

        await DependencyScenarios.A_missing_dependency_is_Stalled_DependencyNotFound_and_Ready_once_it_appears(op, Ns);
    }

    [Fact]
    public async Task Deleting_a_group_nobody_references_records_no_warning()
    {
        await using var op = await OperatorHarness.StartAsync();
        await op.CreateAsync(DependencyScenarios.Group(Ns, "lonely", "Lonely"));
        await DependencyScenarios.WaitReadyAsync<IamGroup>(op, Ns, "lonely");

        await op.Kubernetes.DeleteAsync(IamResourceKinds.Group, Ns, "lonely", default);

        await OperatorHarness.WaitUntilAsync(async () => await op.GetAsync<IamGroup>(Ns, "lonely") is null, "the group is gone");
        var events = ((InMemoryKubernetesApi)op.Kubernetes).Events;
        Assert.Contains(events, e => e.Reason == "Deleted" && e.Regarding.Name == "lonely");
        Assert.DoesNotContain(events, e => e.Reason == ClusterReconciler<IamGroup>.DependentsLoseAccessReason);
    }
}
