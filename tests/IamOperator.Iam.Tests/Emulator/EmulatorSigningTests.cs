using IamOperator.Iam.Emulator;

namespace IamOperator.Iam.Tests.Emulator;

/// <summary>The emulator verifies SigV4 independently, so these prove the client's signing for real.</summary>
public sealed class EmulatorSigningTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Requests_signed_with_the_documentation_key_pair_are_accepted()
    {
        using var iam = emulator.Client();
        Assert.NotNull(await iam.ListUsersAsync(null, CancellationToken.None));
    }

    [Fact]
    public async Task A_wrong_secret_fails_with_SignatureDoesNotMatch_and_is_not_retried()
    {
        using var iam = emulator.Client(emulator.Options(new StaticIamCredentials("AKIAIOSFODNN7EXAMPLE", "not-the-right-secret-0000000000000000000")));

        var failure = await Assert.ThrowsAsync<IamApiException>(() => iam.ListUsersAsync(null, CancellationToken.None));

        Assert.Equal(IamErrorCode.AuthFailure, failure.ErrorCode);
        Assert.Equal("SignatureDoesNotMatch", failure.Code);
        Assert.Equal(403, failure.HttpStatus);
        Assert.DoesNotContain("not-the-right-secret", failure.Message);
    }

    [Fact]
    public async Task An_unknown_access_key_fails_with_InvalidClientTokenId()
    {
        using var iam = emulator.Client(emulator.Options(new StaticIamCredentials("AKIAUNKNOWNKEY000000", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")));

        var failure = await Assert.ThrowsAsync<IamApiException>(() => iam.ListUsersAsync(null, CancellationToken.None));

        Assert.Equal("InvalidClientTokenId", failure.Code);
        Assert.Equal(IamErrorCode.AuthFailure, failure.ErrorCode);
    }

    [Fact]
    public async Task A_key_created_through_CreateAccessKey_can_sign_requests()
    {
        using var admin = emulator.Client();
        await admin.CreateUserAsync(new CreateUserRequest("signer-user"), CancellationToken.None);
        var key = await admin.CreateAccessKeyAsync("signer-user", CancellationToken.None);

        using var asUser = emulator.Client(emulator.Options(new StaticIamCredentials(key.AccessKeyId, key.SecretAccessKey)));

        Assert.Equal("signer-user", (await asUser.GetUserAsync("signer-user", CancellationToken.None)).UserName);
    }

    [Fact]
    public async Task Session_credentials_send_their_token_and_are_accepted()
    {
        var session = new EmulatorCredential("ASIAIOSFODNN7EXAMPLE", "SessionSecretEXAMPLE/0123456789abcdefABCD") { SessionToken = "FwoGZXIvYXdzEXAMPLESESSIONTOKEN" };
        await using var server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions { Credentials = [session] }, 0, CancellationToken.None);
        var options = new IamClientOptions
        {
            Endpoint = server.Endpoint,
            Credentials = new StaticIamCredentials(session.AccessKeyId, session.SecretAccessKey, session.SessionToken),
        };
        using var iam = new IamQueryClient(options, new SocketsHttpHandler(), new IamRateLimiter(100, 100));

        Assert.NotNull(await iam.ListRolesAsync(null, CancellationToken.None));

        using var withoutToken = new IamQueryClient(options with { Credentials = new StaticIamCredentials(session.AccessKeyId, session.SecretAccessKey) },
            new SocketsHttpHandler(), new IamRateLimiter(100, 100));
        var failure = await Assert.ThrowsAsync<IamApiException>(() => withoutToken.ListRolesAsync(null, CancellationToken.None));
        Assert.Equal(IamErrorCode.AuthFailure, failure.ErrorCode);
    }
}
