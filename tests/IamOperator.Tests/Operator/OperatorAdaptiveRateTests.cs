using IamOperator.Controllers.InMemory;
using IamOperator.Resources;

namespace IamOperator.Tests.Operator;

/// <summary>
/// The operator against an IAM account whose budget it is not told: the adaptive limiter finds it, and
/// throttling never surfaces as a resource error (no RetryingAfterError, no Warning event) while it does.
/// </summary>
public sealed class OperatorAdaptiveRateTests
{
    [Fact]
    public async Task Thirty_resources_against_an_IAM_granting_15_calls_per_second_all_converge_without_a_resource_error()
    {
        const int groupCount = 10, userCount = 20;
        var kubernetes = new InMemoryKubernetesApi();
        await using var op = await OperatorHarness.StartAsync(
            kubernetes,
            configure: o => o.Controller.MaxConcurrentReconciles = 8,
            faults: f =>
            {
                f.ThrottleRequestsPerSecond = 15;
                f.ThrottleBurst = 5;
            });

        for (var i = 0; i < groupCount; i++)
            await op.CreateAsync(new IamGroup { Metadata = new() { Name = $"squad-{i}", NamespaceProperty = "adaptive" } });
        for (var i = 0; i < userCount; i++)
        {
            var user = new IamUser { Metadata = new() { Name = $"member-{i}", NamespaceProperty = "adaptive" } };
            user.Spec.GroupRefs = [new ResourceRef { Name = $"squad-{i % groupCount}" }];
            await op.CreateAsync(user);
        }

        await OperatorHarness.WaitUntilAsync(async () => await NotReadyCountAsync(op) == 0,
            $"all {groupCount + userCount} resources are Ready", TimeSpan.FromMinutes(3),
            async () => $"{await NotReadyCountAsync(op)} not Ready");

        Assert.True(op.Emulator.Statistics.ThrottledCalls > 0, "the emulator never throttled; the test would prove nothing");
        var warnings = kubernetes.Events.Where(e => e.Type == "Warning").Select(e => $"{e.Regarding.Name}: {e.Reason} {e.Note}").ToList();
        Assert.Empty(warnings);
    }

    private static async Task<int> NotReadyCountAsync(OperatorHarness op)
    {
        var groups = await op.Kubernetes.ListAsync<IamGroup>(OperatorHarness.KindOf<IamGroup>(), "adaptive", default);
        var users = await op.Kubernetes.ListAsync<IamUser>(OperatorHarness.KindOf<IamUser>(), "adaptive", default);
        return groups.Items.Cast<IIamResource>().Concat(users.Items).Count(r => !OperatorHarness.IsReady(r));
    }
}
