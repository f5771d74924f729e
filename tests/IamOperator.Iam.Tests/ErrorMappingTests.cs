using System.Net;

namespace IamOperator.Iam.Tests;

/// <summary>IAM's XML errors become <see cref="IamApiException"/> with code, message, request id and status.</summary>
public class ErrorMappingTests
{
    [Theory]
    [InlineData("EntityAlreadyExists", HttpStatusCode.Conflict, IamErrorCode.EntityAlreadyExists)]
    [InlineData("NoSuchEntity", HttpStatusCode.NotFound, IamErrorCode.NoSuchEntity)]
    [InlineData("DeleteConflict", HttpStatusCode.Conflict, IamErrorCode.DeleteConflict)]
    [InlineData("LimitExceeded", HttpStatusCode.Conflict, IamErrorCode.LimitExceeded)]
    [InlineData("MalformedPolicyDocument", HttpStatusCode.BadRequest, IamErrorCode.MalformedPolicyDocument)]
    [InlineData("InvalidInput", HttpStatusCode.BadRequest, IamErrorCode.InvalidInput)]
    [InlineData("AccessDenied", HttpStatusCode.Forbidden, IamErrorCode.AccessDenied)]
    [InlineData("UnmodifiableEntity", HttpStatusCode.BadRequest, IamErrorCode.UnmodifiableEntity)]
    [InlineData("PolicyNotAttachable", HttpStatusCode.BadRequest, IamErrorCode.PolicyNotAttachable)]
    [InlineData("SignatureDoesNotMatch", HttpStatusCode.Forbidden, IamErrorCode.AuthFailure)]
    [InlineData("SomethingNew", HttpStatusCode.BadRequest, IamErrorCode.Unknown)]
    public async Task IAM_error_XML_becomes_a_typed_exception_with_code_message_request_id_and_status(
        string code, HttpStatusCode status, IamErrorCode expected)
    {
        var handler = FakeIamHandler.Answering(() => FakeIamHandler.Error(code, $"The thing failed: {code}.", status));
        using var client = TestClients.Over(handler);

        var failure = await Assert.ThrowsAsync<IamApiException>(() => client.CreateGroupAsync("Admins", null, CancellationToken.None));

        Assert.Equal(expected, failure.ErrorCode);
        Assert.Equal(code, failure.Code);
        Assert.Equal($"The thing failed: {code}.", failure.IamMessage);
        Assert.Equal($"err-{code}-request", failure.RequestId);
        Assert.Equal((int)status, failure.HttpStatus);
        Assert.Equal("CreateGroup", failure.Action);
        Assert.Contains($"err-{code}-request", failure.Message);
        Assert.Single(handler.Requests); // none of these is retried
    }

    [Fact]
    public async Task A_non_IAM_error_body_maps_by_HTTP_status()
    {
        var handler = FakeIamHandler.Answering(() => FakeIamHandler.Xml("<html><body>Forbidden by proxy</body></html>", HttpStatusCode.Forbidden));
        using var client = TestClients.Over(handler);

        var failure = await Assert.ThrowsAsync<IamApiException>(() => client.DeleteGroupAsync("x", CancellationToken.None));

        Assert.Equal(IamErrorCode.AccessDenied, failure.ErrorCode);
        Assert.Equal("HTTP403", failure.Code);
        Assert.Equal(403, failure.HttpStatus);
    }

    [Fact]
    public async Task Error_messages_are_scrubbed_of_secret_shaped_values()
    {
        const string leaked = "abcdEFGH1234/ijklMNOP5678+qrstUVWX9012yz";
        var handler = FakeIamHandler.Answering(() =>
            FakeIamHandler.Error("InvalidInput", $"Value {leaked} and {TestClients.ExampleCredentials.SecretAccessKey} are not valid.", HttpStatusCode.BadRequest));
        using var client = TestClients.Over(handler);

        var failure = await Assert.ThrowsAsync<IamApiException>(() => client.DeleteUserAsync("x", CancellationToken.None));

        Assert.DoesNotContain(leaked, failure.Message);
        Assert.DoesNotContain(TestClients.ExampleCredentials.SecretAccessKey, failure.Message);
        Assert.Contains("***", failure.IamMessage);
    }

    [Fact]
    public void Static_credentials_never_print_their_secret()
    {
        var credentials = new StaticIamCredentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "session-token-value");

        Assert.DoesNotContain("wJalrXUtnFEMI", credentials.ToString());
        Assert.DoesNotContain("session-token-value", credentials.ToString());
        Assert.Contains("AKIAIOSFODNN7EXAMPLE", credentials.ToString());
    }

    [Fact]
    public void Invalid_options_name_the_setting_and_what_is_allowed()
    {
        var error = Assert.Throws<ArgumentException>(() => new IamClientOptions { Burst = 0 }.Validate());
        Assert.Contains("Burst must be at least 1", error.Message);
        error = Assert.Throws<ArgumentException>(() => new IamClientOptions { RequestsPerSecond = -1 }.Validate());
        Assert.Contains("RequestsPerSecond", error.Message);
    }
}
