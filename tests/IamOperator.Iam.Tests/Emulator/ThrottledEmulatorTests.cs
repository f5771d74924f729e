using IamOperator.Iam.Emulator;

namespace IamOperator.Iam.Tests.Emulator;

/// <summary>
/// Against an IAM that throttles (10 calls/s) or fails at random, the client's retries absorb
/// every Throttling/ServiceFailure: the whole lifecycle completes without surfacing an error, and the
/// adaptive limiter finds the rate IAM grants without being told it.
/// </summary>
[Collection(TimingSensitiveCollection.Name)]
public sealed class ThrottledEmulatorTests : IAsyncLifetime
{
    private IamEmulatorServer server = null!;

    public async Task InitializeAsync() => server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions(), 0, CancellationToken.None);

    public async Task DisposeAsync() => await server.DisposeAsync();

    private IamQueryClient Client(double? clientRate) => new(
        new IamClientOptions
        {
            Endpoint = server.Endpoint,
            Credentials = EmulatorFixture.DocumentationExample,
            MaxAttempts = 10,
            BaseDelay = TimeSpan.FromMilliseconds(100),
            MaxDelay = TimeSpan.FromSeconds(2),
        },
        new SocketsHttpHandler(), new IamRateLimiter(clientRate));

    [Fact]
    public async Task Every_operation_completes_against_an_IAM_throttling_at_10_calls_per_second()
    {
        server.Faults.ThrottleRequestsPerSecond = 10;
        server.Faults.ThrottleBurst = 5;
        // The client is allowed more than IAM grants, so IAM throttles and the retries must absorb it.
        using var iam = Client(clientRate: 40);

        await EveryOperationScenario.RunAsync(iam, "throttled", CancellationToken.None);

        Assert.True(server.Statistics.ThrottledCalls > 0, "the emulator never throttled; the test would prove nothing");
    }

    [Fact]
    public async Task Twenty_resources_created_at_once_against_an_IAM_granting_10_calls_per_second_all_converge_without_an_error()
    {
        server.Faults.ThrottleRequestsPerSecond = 10;
        server.Faults.ThrottleBurst = 5;
        // No ceiling, and few attempts for other failures: only the adaptive limiter and the throttling wait stand
        // between IAM's Throttling answers and a failed resource.
        var limiter = new IamRateLimiter();
        using var iam = new IamQueryClient(
            new IamClientOptions
            {
                Endpoint = server.Endpoint, Credentials = EmulatorFixture.DocumentationExample, MaxAttempts = 2,
                BaseDelay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromSeconds(1),
            },
            new SocketsHttpHandler(), limiter);

        // Each resource as the reconciler would make it: its group, its user, the membership, a read back.
        var resources = Enumerable.Range(0, 20).Select(async i =>
        {
            await iam.CreateGroupAsync($"adaptive-{i}", null, CancellationToken.None);
            await iam.CreateUserAsync(new CreateUserRequest($"adaptive-{i}"), CancellationToken.None);
            await iam.AddUserToGroupAsync($"adaptive-{i}", $"adaptive-{i}", CancellationToken.None);
            return await iam.GetGroupMembersAsync($"adaptive-{i}", CancellationToken.None);
        }).ToList();
        var failures = new List<Exception>();
        foreach (var resource in resources)
        {
            try
            {
                Assert.Single(await resource);
            }
            catch (IamApiException failure)
            {
                failures.Add(failure);
            }
        }

        Assert.Empty(failures);
        Assert.True(server.Statistics.ThrottledCalls > 0, "the emulator never throttled; the test would prove nothing");
        Assert.NotNull(limiter.RequestsPerSecond); // the Throttling answers switched the limiter on, at a rate it found
        Assert.Equal(20, (await iam.ListGroupsAsync(null, CancellationToken.None)).Count(g => g.GroupName.StartsWith("adaptive-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_burst_of_calls_paced_by_the_client_limiter_below_IAMs_rate_is_never_throttled()
    {
        server.Faults.ThrottleRequestsPerSecond = 10;
        server.Faults.ThrottleBurst = 5;
        using var iam = new IamQueryClient(
            new IamClientOptions { Endpoint = server.Endpoint, Credentials = EmulatorFixture.DocumentationExample, MaxAttempts = 1 },
            new SocketsHttpHandler(), new IamRateLimiter(maxRequestsPerSecond: 5, burst: 3));

        // Warm up first: a cold server answers its first requests in one clump, which no client-side limiter can prevent.
        await iam.ListRolesAsync(null, CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(0.6));

        // Twenty reads at once, with retries off: only the client's bucket stands between them and Throttling.
        // Half IAM's rate leaves room for scheduling jitter between the two buckets.
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => iam.ListRolesAsync(null, CancellationToken.None)));

        Assert.Equal(21, server.Statistics.CallsOf("ListRoles"));
        Assert.Equal(0, server.Statistics.ThrottledCalls);
    }

    [Fact]
    public async Task Every_operation_completes_when_a_fifth_of_calls_fail_with_ServiceFailure()
    {
        server.Faults.FailureRate = 0.2;
        server.Faults.RandomSeed = 7;
        using var iam = Client(clientRate: 200);

        await EveryOperationScenario.RunAsync(iam, "flaky", CancellationToken.None);
    }

    [Fact]
    public async Task The_client_sends_only_actions_listed_in_IamActions_and_the_lifecycle_uses_them_all()
    {
        using var iam = Client(clientRate: 200);

        await EveryOperationScenario.RunAsync(iam, "actions", CancellationToken.None);

        var sent = server.Statistics.CallsByAction.Keys.Except(EveryOperationScenario.OutOfBandActions);
        Assert.Equal(IamActions.All.Concat(IamActions.Sts).Order(StringComparer.Ordinal), sent.Order(StringComparer.Ordinal));
    }
}
