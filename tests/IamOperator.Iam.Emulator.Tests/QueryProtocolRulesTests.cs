using System.Net.Http.Headers;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using IamOperator.Iam.Emulator.Tests.Support;

namespace IamOperator.Iam.Emulator.Tests;

/// <summary>
/// Rules every Query request obeys whatever its action (https://docs.aws.amazon.com/IAM/latest/APIReference/CommonParameters.html):
/// the API version, parameter characters, list numbering, the request size; and that every answer, even to a
/// broken request or an internal error, is IAM's XML with a request id.
/// </summary>
public sealed class QueryProtocolRulesTests
{
    [Theory]
    [InlineData("UserName", "bo\0b")]
    [InlineData("UserName", "bo\u0001b")]
    [InlineData("Path", "/te\u001Bam/")]
    [InlineData("Tags.member.1.Value", "a\u0007b")]
    [InlineData("PermissionsBoundary", "arn:aws:iam::aws:policy/\0")]
    public async Task NUL_or_other_control_character_in_any_parameter_answers_ValidationError_in_XML_with_a_request_id(string parameter, string value)
    {
        await using var iam = await EmulatorHarness.StartAsync();
        (string, string)[] parameters = parameter == "UserName"
            ? [(parameter, value)]
            : [("UserName", "bob"), (parameter, value), .. parameter.StartsWith("Tags", StringComparison.Ordinal) ? [("Tags.member.1.Key", "team")] : Array.Empty<(string, string)>()];

        var response = await iam.CallAsync("CreateUser", parameters);

        Assert.Equal(400, response.Status);
        Assert.Equal("ValidationError", response.ErrorCode);
        Assert.Contains($"'{IamRequestField(parameter)}'", response.ErrorMessage);
        Assert.Matches("^[0-9a-f-]{36}$", response.Xml.Root!.Element(IamResponse.Ns + "RequestId")!.Value);
        Assert.Equal("NoSuchEntity", (await iam.CallAsync("GetUser", ("UserName", "bob"))).ErrorCode);
    }

    [Fact]
    public async Task Control_character_quoted_in_an_error_is_written_as_an_escape_so_the_answer_stays_XML()
    {
        await using var iam = await EmulatorHarness.StartAsync();

        var response = await iam.CallAsync("GetUser", ("UserName", "a\0b"));

        Assert.Contains(@"a\u0000b", response.ErrorMessage);
    }

    [Fact]
    public async Task Tab_line_feed_and_carriage_return_are_allowed_where_the_parameter_allows_them()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        const string document = "{\n\t\"Version\": \"2012-10-17\",\r\n\t\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}]\n}";

        await iam.OkAsync("CreatePolicy", ("PolicyName", "multi-line"), ("PolicyDocument", document));
    }

    [Fact]
    public async Task Responses_are_UTF_8_and_declare_UTF_8_so_a_strict_parser_reads_them()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateRole", ("RoleName", "app"), ("AssumeRolePolicyDocument", PolicyDocuments.Ec2Trust), ("Description", "café für Zoë"));

        // The client decodes the body as UTF-8 (text/xml names no charset); a parser reading those bytes trusts the declaration.
        var raw = Encoding.UTF8.GetBytes((await iam.OkAsync("GetRole", ("RoleName", "app"))).RawBody);

        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", Encoding.UTF8.GetString(raw), StringComparison.Ordinal);
        using var reader = XmlReader.Create(new MemoryStream(raw), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        var document = XDocument.Load(reader);
        Assert.Equal("café für Zoë", document.Descendants(IamResponse.Ns + "Description").Single().Value);
    }

    [Fact]
    public async Task Request_without_Version_answers_InvalidAction_for_NO_VERSION_SPECIFIED()
    {
        await using var iam = await EmulatorHarness.StartAsync();

        var response = await iam.Client.SendAsync("Action=CreateUser&UserName=bob", mutate: null);

        Assert.Equal(400, response.Status);
        Assert.Equal("InvalidAction", response.ErrorCode);
        Assert.Equal("Could not find operation CreateUser for version NO_VERSION_SPECIFIED", response.ErrorMessage);
        Assert.Equal("NoSuchEntity", (await iam.CallAsync("GetUser", ("UserName", "bob"))).ErrorCode);
    }

    [Theory]
    [InlineData("2010-05-09")]
    [InlineData("2011-06-15")]
    [InlineData("")]
    public async Task Request_with_another_Version_answers_InvalidAction_naming_that_version(string version)
    {
        await using var iam = await EmulatorHarness.StartAsync();

        var response = await iam.Client.SendAsync($"Action=CreateUser&Version={version}&UserName=bob", mutate: null);

        Assert.Equal(400, response.Status);
        Assert.Equal("InvalidAction", response.ErrorCode);
        Assert.Equal($"Could not find operation CreateUser for version {version}", response.ErrorMessage);
    }

    [Fact]
    public async Task A_parameter_given_twice_keeps_its_first_value()
    {
        await using var iam = await EmulatorHarness.StartAsync();

        await iam.Client.SendAsync("Action=CreateUser&Version=2010-05-08&UserName=first&UserName=second", mutate: null);

        await iam.OkAsync("GetUser", ("UserName", "first"));
        Assert.Equal("NoSuchEntity", (await iam.CallAsync("GetUser", ("UserName", "second"))).ErrorCode);
    }

    [Theory]
    [InlineData("Tags.member.0.Key", "Tags.member.0.Value")]
    [InlineData("Tags.member.01.Key", "Tags.member.01.Value")]
    [InlineData("Tags.member.x.Key", "Tags.member.x.Value")]
    [InlineData("Tags.member.-1.Key", "Tags.member.-1.Value")]
    public async Task List_members_are_numbered_from_1_and_any_other_index_answers_ValidationError(string key, string value)
    {
        await using var iam = await EmulatorHarness.StartAsync();

        var response = await iam.CallAsync("CreateUser", ("UserName", "bob"), (key, "team"), (value, "a"));

        Assert.Equal(400, response.Status);
        Assert.Equal("ValidationError", response.ErrorCode);
        Assert.Contains("'tags'", response.ErrorMessage);
        Assert.Equal("NoSuchEntity", (await iam.CallAsync("GetUser", ("UserName", "bob"))).ErrorCode);
    }

    [Fact]
    public async Task List_with_a_gap_in_its_numbering_answers_ValidationError_naming_the_missing_member()
    {
        await using var iam = await EmulatorHarness.StartAsync();

        var response = await iam.CallAsync("CreateUser", ("UserName", "bob"),
            ("Tags.member.1.Key", "a"), ("Tags.member.1.Value", "1"), ("Tags.member.3.Key", "c"), ("Tags.member.3.Value", "3"));

        Assert.Equal("ValidationError", response.ErrorCode);
        Assert.Contains("Tags.member.2", response.ErrorMessage);
    }

    [Theory]
    [InlineData(1024 * 1024 + 1, false)]
    [InlineData(20 * 1024 * 1024, false)]
    [InlineData(20 * 1024 * 1024, true)]
    public async Task Request_body_over_1_MiB_answers_RequestEntityTooLarge_413_in_XML(int size, bool chunked)
    {
        await using var iam = await EmulatorHarness.StartAsync();
        var body = new byte[size];
        Array.Fill(body, (byte)'a');
        "Action=CreateUser&Version=2010-05-08&UserName=bob&Description="u8.CopyTo(body);
        using HttpContent content = chunked ? new StreamContent(new UnknownLengthStream(body)) : new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded; charset=utf-8");

        var response = await iam.Client.SendRawAsync(new HttpRequestMessage(HttpMethod.Post, iam.Server.Endpoint) { Content = content });

        Assert.Equal(413, response.Status);
        Assert.Equal("RequestEntityTooLarge", response.ErrorCode);
        Assert.Contains("1048576", response.ErrorMessage);
    }

    [Fact]
    public async Task Request_body_of_exactly_1_MiB_is_read_and_answered_by_the_action()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        var prefix = SigningIamClient.Body("CreateUser", ("UserName", "bob")) + "&Padding=";
        var body = prefix + new string('a', 1024 * 1024 - prefix.Length);

        var response = await iam.Client.SendAsync(body, mutate: null);

        Assert.Equal(200, response.Status);
    }

    [Fact]
    public async Task Internal_error_answers_ServiceFailure_500_in_XML_with_a_request_id_never_an_empty_body()
    {
        var clock = new BreakableClock();
        await using var iam = await EmulatorHarness.StartAsync(new IamEmulatorOptions { TimeProvider = clock });
        clock.Broken = true;

        var response = await iam.CallAsync("ListUsers");

        Assert.Equal(500, response.Status);
        Assert.Equal("ServiceFailure", response.ErrorCode);
        Assert.Equal("Receiver", response.ErrorType);
        Assert.Matches("^[0-9a-f-]{36}$", response.Xml.Root!.Element(IamResponse.Ns + "RequestId")!.Value);
        clock.Broken = false;
        await iam.OkAsync("ListUsers");
    }

    private static string IamRequestField(string parameter) => char.ToLowerInvariant(parameter[0]) + parameter[1..];

    /// <summary>A clock that fails when told to: an internal error no request can cause.</summary>
    private sealed class BreakableClock : TimeProvider
    {
        public volatile bool Broken;

        public override DateTimeOffset GetUtcNow() => Broken ? throw new InvalidOperationException("The clock broke.") : base.GetUtcNow();
    }

    /// <summary>A body the client cannot know the length of, so it is sent chunked.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
