using IamOperator.ApiServer.Tests.Fixture;
using IamOperator.Controllers;
using IamOperator.Hosting;
using IamOperator.Tests.Operator;

namespace IamOperator.ApiServer.Tests.Operator;

/// <summary>
/// Dependency events against the real API server: real watches deliver a dependency's deletion (deletionTimestamp,
/// then the DELETED event once the finalizer goes) and creation, and its dependents are woken by them. The same
/// scenarios run on the in-memory API in IamOperator.Tests.
/// </summary>
[Collection(RealApiServerCollection.Name)]
public sealed class RealServerDependencyTests(RealApiServerFixture fixture)
{
    [RealApiServerFact]
    public async Task Deleted_groups_and_policies_take_Ready_from_their_dependents_and_a_created_group_wakes_its_waiting_user()
    {
        var ns = $"deps-{Guid.NewGuid():N}"[..20];
        using var client = fixture.Server.CreateClient();
        await using var op = await StartAsync(client, ns);

        await DependencyScenarios.Deleting_a_group_takes_Ready_from_the_users_that_reference_it(op, ns);
        await DependencyScenarios.Deleting_a_policy_takes_Ready_from_roles_that_attach_it_or_use_it_as_boundary(op, ns);
        await DependencyScenarios.A_user_waiting_for_its_group_is_woken_when_the_group_becomes_Ready(op, ns);
    }

    [RealApiServerFact]
    public async Task A_missing_group_is_Stalled_DependencyNotFound_after_the_timeout_and_Ready_once_it_is_created()
    {
        var ns = $"deps-{Guid.NewGuid():N}"[..20];
        using var client = fixture.Server.CreateClient();
        await using var op = await StartAsync(client, ns, o => o.Controller.DependencyTimeout = TimeSpan.FromSeconds(2));

        await DependencyScenarios.A_missing_dependency_is_Stalled_DependencyNotFound_and_Ready_once_it_appears(op, ns);
    }

    private async Task<OperatorHarness> StartAsync(k8s.IKubernetes client, string ns, Action<OperatorOptions>? configure = null)
    {
        await fixture.Server.InstallCrdsAsync(TestPaths.OperatorCrds);
        return await OperatorHarness.StartAsync(new KubernetesClientApi(client), o =>
        {
            // The server is shared with other tests, whose objects live in other namespaces: watch only ours.
            o.Controller.Namespaces = [ns];
            o.LeaderElection.Enabled = false;
            configure?.Invoke(o);
        });
    }
}
