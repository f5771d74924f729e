using System.Xml.Linq;
using IamOperator.Iam.Emulator.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace IamOperator.Iam.Emulator.Tests;

/// <summary>
/// sts:GetCallerIdentity on the emulator's endpoint (requests signed for service sts) and what the emulator records
/// of each access key's use (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html,
/// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccessKeyLastUsed.html).
/// </summary>
public sealed class CallerIdentityTests
{
    private static readonly XNamespace Sts = "https://sts.amazonaws.com/doc/2011-06-15/";
    private const string GetCallerIdentity = "Action=GetCallerIdentity&Version=2011-06-15";

    [Fact]
    public async Task Access_key_issued_by_CreateAccessKey_authenticates_to_sts_as_its_user()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        var user = await iam.OkAsync("CreateUser", ("UserName", "ci-bot"), ("Path", "/ci/"));
        using var bot = iam.ClientFor(await NewKeyAsync(iam, "ci-bot"));

        var response = await bot.SendAsync(GetCallerIdentity, mutate: null, service: "sts");

        Assert.Equal(200, response.Status);
        Assert.Equal(Sts + "GetCallerIdentityResponse", response.Xml.Root!.Name);
        var result = response.Xml.Root.Element(Sts + "GetCallerIdentityResult")!;
        Assert.Equal("arn:aws:iam::123456789012:user/ci/ci-bot", result.Element(Sts + "Arn")!.Value);
        Assert.Equal(user.Value("User/UserId"), result.Element(Sts + "UserId")!.Value);
        Assert.Equal("123456789012", result.Element(Sts + "Account")!.Value);
        Assert.NotEmpty(response.Xml.Root.Element(Sts + "ResponseMetadata")!.Element(Sts + "RequestId")!.Value);
    }

    [Fact]
    public async Task Configured_credential_authenticates_to_sts_as_the_account_root()
    {
        await using var iam = await EmulatorHarness.StartAsync();

        var response = await iam.Client.SendAsync(GetCallerIdentity, mutate: null, service: "sts");

        var result = response.Xml.Root!.Element(Sts + "GetCallerIdentityResult")!;
        Assert.Equal("arn:aws:iam::123456789012:root", result.Element(Sts + "Arn")!.Value);
        Assert.Equal("123456789012", result.Element(Sts + "UserId")!.Value);
    }

    [Theory]
    [InlineData("Inactive")]
    [InlineData("Deleted")]
    public async Task Inactive_or_deleted_key_is_refused_by_sts_with_InvalidClientTokenId(string state)
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "ci-bot"));
        var key = await NewKeyAsync(iam, "ci-bot");
        using var bot = iam.ClientFor(key);
        await (state == "Inactive"
            ? iam.OkAsync("UpdateAccessKey", ("UserName", "ci-bot"), ("AccessKeyId", key.AccessKeyId), ("Status", "Inactive"))
            : iam.OkAsync("DeleteAccessKey", ("UserName", "ci-bot"), ("AccessKeyId", key.AccessKeyId)));

        var response = await bot.SendAsync(GetCallerIdentity, mutate: null, service: "sts");

        Assert.Equal(403, response.Status);
        Assert.Equal("InvalidClientTokenId", response.Xml.Root!.Element(Sts + "Error")!.Element(Sts + "Code")!.Value);
    }

    [Fact]
    public async Task Wrong_secret_for_an_issued_key_answers_SignatureDoesNotMatch_on_sts()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "ci-bot"));
        var key = await NewKeyAsync(iam, "ci-bot");
        using var forger = iam.ClientFor(key with { SecretAccessKey = EmulatorCredential.DocumentationExample.SecretAccessKey });

        var response = await forger.SendAsync(GetCallerIdentity, mutate: null, service: "sts");

        Assert.Equal("SignatureDoesNotMatch", response.Xml.Root!.Element(Sts + "Error")!.Element(Sts + "Code")!.Value);
    }

    [Theory]
    [InlineData("Action=ListUsers&Version=2010-05-08", "Could not find operation ListUsers for version 2010-05-08")]
    [InlineData("Action=GetCallerIdentity&Version=2010-05-08", "Could not find operation GetCallerIdentity for version 2010-05-08")]
    [InlineData("Action=AssumeRole&Version=2011-06-15", "Could not find operation AssumeRole for version 2011-06-15")]
    public async Task Only_GetCallerIdentity_at_version_2011_06_15_is_answered_for_sts(string body, string message)
    {
        await using var iam = await EmulatorHarness.StartAsync();

        var response = await iam.Client.SendAsync(body, mutate: null, service: "sts");

        var error = response.Xml.Root!.Element(Sts + "Error")!;
        Assert.Equal(400, response.Status);
        Assert.Equal("InvalidAction", error.Element(Sts + "Code")!.Value);
        Assert.Equal(message, error.Element(Sts + "Message")!.Value);
    }

    [Fact]
    public async Task GetAccessKeyLastUsed_answers_N_A_until_the_key_signs_a_request()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "ci-bot"));
        var key = await NewKeyAsync(iam, "ci-bot");

        var unused = await iam.OkAsync("GetAccessKeyLastUsed", ("AccessKeyId", key.AccessKeyId));

        Assert.Equal("ci-bot", unused.Value("UserName"));
        Assert.Empty(unused.All("AccessKeyLastUsed/LastUsedDate"));
        Assert.Equal("N/A", unused.Value("AccessKeyLastUsed/ServiceName"));
        Assert.Equal("N/A", unused.Value("AccessKeyLastUsed/Region"));
    }

    [Fact]
    public async Task Key_use_is_recorded_with_its_service_and_only_the_first_use_in_15_minutes_counts()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using var iam = await EmulatorHarness.StartAsync(new IamEmulatorOptions { TimeProvider = clock }, () => clock.GetUtcNow().UtcDateTime);
        await iam.OkAsync("CreateUser", ("UserName", "ci-bot"));
        var key = await NewKeyAsync(iam, "ci-bot");
        using var bot = new SigningIamClient(iam.Server.Endpoint, key, () => clock.GetUtcNow().UtcDateTime);

        (await bot.SendAsync(GetCallerIdentity, mutate: null, service: "sts")).EnsureSuccess();
        clock.Advance(TimeSpan.FromMinutes(14));
        (await bot.CallAsync("GetUser")).EnsureSuccess();
        var withinSpan = await iam.OkAsync("GetAccessKeyLastUsed", ("AccessKeyId", key.AccessKeyId));
        clock.Advance(TimeSpan.FromMinutes(1));
        (await bot.CallAsync("GetUser")).EnsureSuccess();
        var afterSpan = await iam.OkAsync("GetAccessKeyLastUsed", ("AccessKeyId", key.AccessKeyId));

        Assert.Equal("2026-03-01T09:00:00Z", withinSpan.Value("AccessKeyLastUsed/LastUsedDate"));
        Assert.Equal("sts", withinSpan.Value("AccessKeyLastUsed/ServiceName"));
        Assert.Equal("us-east-1", withinSpan.Value("AccessKeyLastUsed/Region"));
        Assert.Equal("2026-03-01T09:15:00Z", afterSpan.Value("AccessKeyLastUsed/LastUsedDate"));
        Assert.Equal("iam", afterSpan.Value("AccessKeyLastUsed/ServiceName"));
    }

    [Fact]
    public async Task GetAccessKeyLastUsed_for_an_unknown_key_answers_NoSuchEntity()
    {
        await using var iam = await EmulatorHarness.StartAsync();

        Assert.Equal("NoSuchEntity", (await iam.CallAsync("GetAccessKeyLastUsed", ("AccessKeyId", "AKIAAAAAAAAAAAAAAAAA"))).ErrorCode);
    }

    private static async Task<EmulatorCredential> NewKeyAsync(EmulatorHarness iam, string userName)
    {
        var created = await iam.OkAsync("CreateAccessKey", ("UserName", userName));
        return new EmulatorCredential(created.Value("AccessKey/AccessKeyId")!, created.Value("AccessKey/SecretAccessKey")!);
    }
}
