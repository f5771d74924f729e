using System.Xml.Linq;
using IamOperator.Iam.Emulator.Tests.Support;

namespace IamOperator.Iam.Emulator.Tests;

/// <summary>The Query protocol's envelope: https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html and each action's example response.</summary>
public sealed class ProtocolTests
{
    [Fact]
    public async Task Success_response_has_IAMs_envelope_namespace_result_and_request_id()
    {
        await using var iam = await EmulatorHarness.StartAsync();

        var response = await iam.OkAsync("CreateUser", ("UserName", "Bob"));

        var root = response.Xml.Root!;
        Assert.Equal(IamResponse.Ns + "CreateUserResponse", root.Name);
        Assert.Equal(IamResponse.Ns + "CreateUserResult", root.Elements().First().Name);
        Assert.Matches("^[0-9a-f-]{36}$", root.Element(IamResponse.Ns + "ResponseMetadata")!.Element(IamResponse.Ns + "RequestId")!.Value);
    }

    [Fact]
    public async Task Action_without_result_answers_only_response_metadata()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "Bob"));

        var response = await iam.OkAsync("DeleteUser", ("UserName", "Bob"));

        Assert.Equal(["ResponseMetadata"], response.Xml.Root!.Elements().Select(element => element.Name.LocalName));
    }

    [Fact]
    public async Task Error_response_has_IAMs_shape_type_code_message_and_request_id()
    {
        await using var iam = await EmulatorHarness.StartAsync();

        var response = await iam.CallAsync("GetUser", ("UserName", "nobody"));

        Assert.Equal(404, response.Status);
        var root = response.Xml.Root!;
        Assert.Equal(IamResponse.Ns + "ErrorResponse", root.Name);
        Assert.Equal("Sender", response.ErrorType);
        Assert.Equal("NoSuchEntity", response.ErrorCode);
        Assert.Equal("The user with name nobody cannot be found.", response.ErrorMessage);
        Assert.NotEmpty(root.Element(IamResponse.Ns + "RequestId")!.Value);
    }

    [Fact]
    public async Task Unknown_action_answers_InvalidAction_400_in_XML_never_HTML()
    {
        await using var iam = await EmulatorHarness.StartAsync();

        var response = await iam.CallAsync("DescribeInstances");

        Assert.Equal(400, response.Status);
        Assert.Equal("InvalidAction", response.ErrorCode);
        Assert.Contains("DescribeInstances", response.ErrorMessage);
    }

    [Fact]
    public async Task Request_without_Action_answers_MissingAction_400()
    {
        await using var iam = await EmulatorHarness.StartAsync();

        var response = await iam.Client.SendAsync("Version=2010-05-08", mutate: null);

        Assert.Equal(400, response.Status);
        Assert.Equal("MissingAction", response.ErrorCode);
    }

    [Fact]
    public async Task Missing_required_parameter_answers_ValidationError_naming_the_field()
    {
        await using var iam = await EmulatorHarness.StartAsync();

        var response = await iam.CallAsync("CreateUser");

        Assert.Equal(400, response.Status);
        Assert.Equal("ValidationError", response.ErrorCode);
        Assert.Contains("'userName'", response.ErrorMessage);
    }

    [Fact]
    public async Task Dates_are_ISO_8601_UTC_to_the_second_from_the_configured_clock()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 3, 4, 5, 6, 7, 890, TimeSpan.Zero));
        await using var iam = await EmulatorHarness.StartAsync(new IamEmulatorOptions { TimeProvider = clock }, () => clock.GetUtcNow().UtcDateTime);

        var response = await iam.OkAsync("CreateUser", ("UserName", "Bob"));

        Assert.Equal("2026-03-04T05:06:07Z", response.Value("User/CreateDate"));
    }

    [Fact]
    public async Task Request_id_is_also_sent_as_the_x_amzn_RequestId_header()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        using var http = new HttpClient();

        using var response = await http.PostAsync(iam.Server.Endpoint, new StringContent(""));

        Assert.True(response.Headers.Contains("x-amzn-RequestId"));
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        var error = XDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(response.Headers.GetValues("x-amzn-RequestId").Single(), error.Root!.Element(IamResponse.Ns + "RequestId")!.Value);
    }

    [Fact]
    public async Task Server_listens_on_127_0_0_1_and_a_taken_port_fails_the_second_start()
    {
        await using var first = await IamEmulatorServer.StartAsync(new IamEmulatorOptions());

        Assert.Equal("127.0.0.1", first.Endpoint.Host);
        await Assert.ThrowsAnyAsync<IOException>(() => IamEmulatorServer.StartAsync(new IamEmulatorOptions(), first.Endpoint.Port));
    }

    [Fact]
    public async Task Account_id_must_be_12_digits()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => IamEmulatorServer.StartAsync(new IamEmulatorOptions { AccountId = "12345" }));
    }
}
