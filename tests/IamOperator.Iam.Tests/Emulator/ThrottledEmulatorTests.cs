using IamOperator.Iam.Emulator;

namespace IamOperator.Iam.Tests.Emulator;

/// <summary>
/// Against an IAM that throttles (10 calls/s) or fails at random, the client's retries absorb
/// every Throttling/ServiceFailure: the whole lifecycle completes without surfacing an error.
/// </summary>
public sealed class ThrottledEmulatorTests : IAsyncLifetime
{
    private IamEmulatorServer _server = null!;

    public async Task InitializeAsync() => _server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions(), 0, CancellationToken.None);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private IamQueryClient Client(double clientRate) => new(
        new IamClientOptions
        {
            Endpoint = _server.Endpoint,
            Credentials = EmulatorFixture.DocumentationExample,
            MaxAttempts = 10,
            BaseDelay = TimeSpan.FromMilliseconds(100),
            MaxDelay = TimeSpan.FromSeconds(2),
        },
        new SocketsHttpHandler(), new IamRateLimiter(clientRate, 20));

    [Fact]
    public async Task Every_operation_completes_against_an_IAM_throttling_at_10_calls_per_second()
    {
        _server.Faults.ThrottleRequestsPerSecond = 10;
        _server.Faults.ThrottleBurst = 5;
        // The client is allowed more than IAM grants, so IAM throttles and the retries must absorb it.
        using var iam = Client(clientRate: 40);

        await EveryOperationScenario.RunAsync(iam, "throttled", CancellationToken.None);

        Assert.True(_server.Statistics.ThrottledCalls > 0, "the emulator never throttled; the test would prove nothing");
    }

    [Fact]
    public async Task Every_operation_completes_when_a_fifth_of_calls_fail_with_ServiceFailure()
    {
        _server.Faults.FailureRate = 0.2;
        _server.Faults.RandomSeed = 7;
        using var iam = Client(clientRate: 200);

        await EveryOperationScenario.RunAsync(iam, "flaky", CancellationToken.None);
    }

    [Fact]
    public async Task The_client_sends_only_actions_listed_in_IamActions_and_the_lifecycle_uses_nearly_all()
    {
        using var iam = Client(clientRate: 200);

        await EveryOperationScenario.RunAsync(iam, "actions", CancellationToken.None);

        var sent = _server.Statistics.CallsByAction.Keys.ToHashSet();
        Assert.Subset(IamActions.All.ToHashSet(), sent);
        // Only reachable with state the IIamApi cannot create (a console password, an MFA device).
        Assert.Equal(["DeactivateMFADevice", "DeleteLoginProfile"], IamActions.All.Except(sent).Order(StringComparer.Ordinal));
    }
}
