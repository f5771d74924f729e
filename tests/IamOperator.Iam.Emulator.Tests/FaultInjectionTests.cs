using System.Diagnostics;
using IamOperator.Iam.Emulator.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace IamOperator.Iam.Emulator.Tests;

/// <summary>Injected faults for resilience tests: latency, throttling, failures, eventual consistency; and call statistics.</summary>
public sealed class FaultInjectionTests
{
    [Fact]
    public async Task Latency_delays_every_answer()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        iam.Server.Faults.Latency = TimeSpan.FromMilliseconds(300);

        var stopwatch = Stopwatch.StartNew();
        await iam.OkAsync("ListUsers");

        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(290), $"answered after {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task Throttle_answers_Throttling_400_beyond_the_burst_and_recovers_at_the_rate()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var iam = await EmulatorHarness.StartAsync(new IamEmulatorOptions { TimeProvider = clock }, () => clock.GetUtcNow().UtcDateTime);
        iam.Server.Faults.ThrottleRequestsPerSecond = 10;
        iam.Server.Faults.ThrottleBurst = 3;

        var burst = new List<IamResponse>();
        for (var index = 0; index < 4; index++)
        {
            burst.Add(await iam.CallAsync("ListUsers"));
        }

        clock.Advance(TimeSpan.FromMilliseconds(100));
        var afterRefill = await iam.CallAsync("ListUsers");

        Assert.All(burst.Take(3), response => Assert.Equal(200, response.Status));
        Assert.Equal(400, burst[3].Status);
        Assert.Equal("Throttling", burst[3].ErrorCode);
        Assert.Equal("Rate exceeded", burst[3].ErrorMessage);
        Assert.Equal(200, afterRefill.Status);
        Assert.Equal(1, iam.Server.Statistics.ThrottledCalls);
    }

    [Fact]
    public async Task Latency_is_measured_on_the_emulators_clock_so_a_fake_clock_releases_the_answer()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var iam = await EmulatorHarness.StartAsync(new IamEmulatorOptions { TimeProvider = clock }, () => clock.GetUtcNow().UtcDateTime);
        iam.Server.Faults.Latency = TimeSpan.FromMilliseconds(150);

        var call = iam.CallAsync("ListUsers");
        Assert.True(SpinWait.SpinUntil(() => iam.Server.Statistics.CallsOf("ListUsers") == 1, TimeSpan.FromSeconds(10)), "the call never arrived");
        Assert.False(call.IsCompleted, "answered before the emulator's clock moved");
        // The call is counted on arrival, a moment before its delay is set on the clock: move the clock until it answers.
        for (var step = 0; step < 200 && !call.IsCompleted; step++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(150));
            await Task.WhenAny(call, Task.Delay(TimeSpan.FromMilliseconds(50)));
        }
        Assert.Equal(200, (await call).Status);
    }

    [Fact]
    public async Task Throttle_is_account_wide_so_every_credential_draws_from_one_bucket()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var other = new EmulatorCredential("AKIAI44QH8DHBEXAMPLE", "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY");
        await using var iam = await EmulatorHarness.StartAsync(
            new IamEmulatorOptions { TimeProvider = clock, Credentials = [EmulatorCredential.DocumentationExample, other] },
            () => clock.GetUtcNow().UtcDateTime);
        using var otherClient = new SigningIamClient(iam.Server.Endpoint, other, () => clock.GetUtcNow().UtcDateTime);
        iam.Server.Faults.ThrottleRequestsPerSecond = 1;
        iam.Server.Faults.ThrottleBurst = 1;

        var first = await iam.CallAsync("ListUsers");
        var second = await otherClient.CallAsync("ListUsers");

        Assert.Equal(200, first.Status);
        Assert.Equal("Throttling", second.ErrorCode);
    }

    [Fact]
    public async Task Failure_rate_of_one_answers_ServiceFailure_500_and_performs_nothing()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        iam.Server.Faults.FailureRate = 1;

        var response = await iam.CallAsync("CreateUser", ("UserName", "alice"));
        iam.Server.Faults.FailureRate = 0;

        Assert.Equal(500, response.Status);
        Assert.Equal("ServiceFailure", response.ErrorCode);
        Assert.Equal("Receiver", response.ErrorType);
        Assert.Empty((await iam.OkAsync("ListUsers")).All("Users/member"));
    }

    [Fact]
    public async Task Seeded_failure_rate_fails_the_same_calls_on_every_run()
    {
        async Task<string> RunAsync()
        {
            await using var iam = await EmulatorHarness.StartAsync();
            iam.Server.Faults.RandomSeed = 42;
            iam.Server.Faults.FailureRate = 0.5;
            var outcomes = new List<int>();
            for (var index = 0; index < 20; index++)
            {
                outcomes.Add((await iam.CallAsync("ListUsers")).Status);
            }

            return string.Join(",", outcomes);
        }

        var first = await RunAsync();

        Assert.Equal(first, await RunAsync());
        Assert.Contains("500", first);
        Assert.Contains("200", first);
    }

    [Fact]
    public async Task Created_entity_becomes_visible_only_after_the_visibility_delay()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var iam = await EmulatorHarness.StartAsync(new IamEmulatorOptions { TimeProvider = clock }, () => clock.GetUtcNow().UtcDateTime);
        iam.Server.Faults.VisibilityDelay = TimeSpan.FromSeconds(2);
        await iam.OkAsync("CreateUser", ("UserName", "alice"));
        await iam.OkAsync("CreateGroup", ("GroupName", "devs"));

        var immediately = await iam.CallAsync("GetUser", ("UserName", "alice"));
        var addTooEarly = await iam.CallAsync("AddUserToGroup", ("GroupName", "devs"), ("UserName", "alice"));
        var duplicate = await iam.CallAsync("CreateUser", ("UserName", "alice"));
        clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal("NoSuchEntity", immediately.ErrorCode);
        Assert.Equal("NoSuchEntity", addTooEarly.ErrorCode);
        Assert.Equal("EntityAlreadyExists", duplicate.ErrorCode);
        await iam.OkAsync("GetUser", ("UserName", "alice"));
        await iam.OkAsync("AddUserToGroup", ("GroupName", "devs"), ("UserName", "alice"));
    }

    [Fact]
    public async Task Deleted_entity_stays_readable_until_the_visibility_delay_passes()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var iam = await EmulatorHarness.StartAsync(new IamEmulatorOptions { TimeProvider = clock }, () => clock.GetUtcNow().UtcDateTime);
        await iam.OkAsync("CreateUser", ("UserName", "alice"));
        iam.Server.Faults.VisibilityDelay = TimeSpan.FromSeconds(2);
        await iam.OkAsync("DeleteUser", ("UserName", "alice"));

        var stale = await iam.CallAsync("GetUser", ("UserName", "alice"));
        var staleList = await iam.OkAsync("ListUsers");
        clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(200, stale.Status);
        Assert.Equal(["alice"], staleList.Values("Users/member/UserName"));
        Assert.Equal("NoSuchEntity", (await iam.CallAsync("GetUser", ("UserName", "alice"))).ErrorCode);
    }

    [Fact]
    public async Task Attribute_tag_and_attachment_changes_reach_reads_only_after_the_visibility_delay()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var iam = await EmulatorHarness.StartAsync(new IamEmulatorOptions { TimeProvider = clock }, () => clock.GetUtcNow().UtcDateTime);
        await iam.OkAsync("CreateRole", ("RoleName", "app"), ("AssumeRolePolicyDocument", PolicyDocuments.Ec2Trust));
        iam.Server.Faults.VisibilityDelay = TimeSpan.FromSeconds(2);

        await iam.OkAsync("UpdateRole", ("RoleName", "app"), ("Description", "new"));
        await iam.OkAsync("TagRole", ("RoleName", "app"), ("Tags.member.1.Key", "team"), ("Tags.member.1.Value", "a"));
        await iam.OkAsync("AttachRolePolicy", ("RoleName", "app"), ("PolicyArn", "arn:aws:iam::aws:policy/ReadOnlyAccess"));
        var stale = await iam.OkAsync("GetRole", ("RoleName", "app"));
        var staleAttachments = await iam.OkAsync("ListAttachedRolePolicies", ("RoleName", "app"));
        clock.Advance(TimeSpan.FromSeconds(2));
        var fresh = await iam.OkAsync("GetRole", ("RoleName", "app"));

        Assert.Null(stale.Value("Role/Description"));
        Assert.Empty(stale.All("Role/Tags/member"));
        Assert.Empty(staleAttachments.All("AttachedPolicies/member"));
        Assert.Equal("new", fresh.Value("Role/Description"));
        Assert.Equal(["team"], fresh.Values("Role/Tags/member/Key"));
        Assert.Single((await iam.OkAsync("ListAttachedRolePolicies", ("RoleName", "app"))).All("AttachedPolicies/member"));
    }

    [Fact]
    public async Task Without_a_visibility_delay_every_write_is_read_at_once()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "alice"));

        await iam.OkAsync("TagUser", ("UserName", "alice"), ("Tags.member.1.Key", "team"), ("Tags.member.1.Value", "a"));

        Assert.Equal(["team"], (await iam.OkAsync("ListUserTags", ("UserName", "alice"))).Values("Tags/member/Key"));
    }

    [Fact]
    public async Task Statistics_count_calls_by_action_and_writes_separately()
    {
        await using var iam = await EmulatorHarness.StartAsync();

        await iam.OkAsync("ListUsers");
        await iam.OkAsync("ListUsers");
        await iam.OkAsync("CreateUser", ("UserName", "alice"));
        await iam.CallAsync("CreateUser", ("UserName", "alice"));

        Assert.Equal(2, iam.Server.Statistics.CallsOf("ListUsers"));
        Assert.Equal(2, iam.Server.Statistics.CallsOf("CreateUser"));
        Assert.Equal(2, iam.Server.Statistics.WriteCalls);
        Assert.Equal(4, iam.Server.Statistics.TotalCalls);
    }

    [Fact]
    public async Task Statistics_count_a_write_even_when_its_signature_is_rejected()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        using var forger = iam.ClientFor(EmulatorCredential.DocumentationExample with { SecretAccessKey = "forged" });

        var response = await forger.CallAsync("DeleteUser", ("UserName", "alice"));

        Assert.Equal("SignatureDoesNotMatch", response.ErrorCode);
        Assert.Equal(1, iam.Server.Statistics.WriteCalls);
    }

    [Fact]
    public async Task Read_only_session_records_zero_writes()
    {
        await using var iam = await EmulatorHarness.StartAsync();

        await iam.OkAsync("ListUsers");
        await iam.OkAsync("GetAccountAuthorizationDetails");
        await iam.OkAsync("ListPolicies", ("Scope", "AWS"));

        Assert.Equal(0, iam.Server.Statistics.WriteCalls);
    }

    [Fact]
    public void Faults_reject_out_of_range_values()
    {
        var faults = new EmulatorFaults();

        Assert.Throws<ArgumentOutOfRangeException>(() => faults.FailureRate = 1.5);
        Assert.Throws<ArgumentOutOfRangeException>(() => faults.ThrottleRequestsPerSecond = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => faults.ThrottleBurst = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => faults.Latency = TimeSpan.FromSeconds(-1));
    }
}
