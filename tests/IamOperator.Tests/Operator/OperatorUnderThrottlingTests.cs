using IamOperator.Resources;

namespace IamOperator.Tests.Operator;

/// <summary>
/// A burst of resources against an IAM that throttles and answers slowly, as real IAM does under load: the shared
/// rate limiter and retries must converge every resource, none left failed.
/// </summary>
public sealed class OperatorUnderThrottlingTests
{
    [Fact]
    public async Task Five_hundred_resources_converge_against_a_throttling_slow_IAM_with_none_left_failed()
    {
        // 100 groups and 400 users in them: within IAM's default quotas (300 groups per account).
        const int groupCount = 100, userCount = 400;
        await using var op = await OperatorHarness.StartAsync(
            configure: o => o.Controller.MaxConcurrentReconciles = 8,
            faults: f =>
            {
                f.Latency = TimeSpan.FromMilliseconds(2);
                // Low enough to be met although the cold start reads the account once instead of each entity.
                f.ThrottleRequestsPerSecond = 60;
                f.ThrottleBurst = 20;
            },
            // The client asks faster than IAM allows, so IAM's Throttling answers are met and retried for real.
            iamRequestsPerSecond: 400);

        // Users first: they wait for their groups, as they would when Argo CD syncs everything at once.
        for (var i = 0; i < userCount; i++)
        {
            var user = new IamUser { Metadata = new() { Name = $"user-{i:D3}", NamespaceProperty = "load" } };
            user.Spec.GroupRefs = [new ResourceRef { Name = $"team-{i % groupCount:D3}" }];
            await op.CreateAsync(user);
        }
        for (var i = 0; i < groupCount; i++)
        {
            await op.CreateAsync(new IamGroup { Metadata = new() { Name = $"team-{i:D3}", NamespaceProperty = "load" } });
        }

        await OperatorHarness.WaitUntilAsync(async () => (await NotReadyAsync(op)).Count == 0,
            $"all {groupCount + userCount} resources are Ready", TimeSpan.FromMinutes(4),
            async () => (await NotReadyAsync(op)) is var notReady ? $"{notReady.Count} not Ready, e.g. {string.Join("; ", notReady.Take(3))}" : "");

        Assert.True(op.Emulator.Statistics.ThrottledCalls > 0, "the emulator throttled some calls, so retries were exercised");
        Assert.Equal(groupCount, (await op.Iam.ListGroupsAsync(null, default)).Count(g => g.GroupName.StartsWith("team-", StringComparison.Ordinal)));
        Assert.Equal(userCount, (await op.Iam.ListUsersAsync(null, default)).Count(u => u.UserName.StartsWith("user-", StringComparison.Ordinal)));
        Assert.Equal(userCount / groupCount, (await op.Iam.GetGroupMembersAsync("team-007", default)).Count);
    }

    private static async Task<List<string>> NotReadyAsync(OperatorHarness op)
    {
        var groups = await op.Kubernetes.ListAsync<IamGroup>(OperatorHarness.KindOf<IamGroup>(), "load", default);
        var users = await op.Kubernetes.ListAsync<IamUser>(OperatorHarness.KindOf<IamUser>(), "load", default);
        return [.. groups.Items.Cast<IIamResource>().Concat(users.Items)
            .Where(r => !OperatorHarness.IsReady(r))
            .Select(r => $"{r.Metadata.Name}: {OperatorHarness.Condition(r, ConditionTypes.Ready)?.Reason} {OperatorHarness.Condition(r, ConditionTypes.Ready)?.Message}")];
    }
}
