using IamOperator.Iam.Emulator.Tests.Support;

namespace IamOperator.Iam.Emulator.Tests;

/// <summary>Service-specific credentials (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateServiceSpecificCredential.html).</summary>
public sealed class ServiceSpecificCredentialTests
{
    [Fact]
    public async Task Created_credential_returns_its_password_once_and_the_list_never_does()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "alice"));

        var created = await iam.OkAsync("CreateServiceSpecificCredential", ("UserName", "alice"), ("ServiceName", "codecommit.amazonaws.com"));
        var listed = await iam.OkAsync("ListServiceSpecificCredentials", ("UserName", "alice"));

        var id = created.Value("ServiceSpecificCredential/ServiceSpecificCredentialId")!;
        Assert.Matches("^ACCA[A-Z2-7]{16}$", id);
        Assert.Equal("alice-at-123456789012", created.Value("ServiceSpecificCredential/ServiceUserName"));
        Assert.False(string.IsNullOrEmpty(created.Value("ServiceSpecificCredential/ServicePassword")));
        Assert.Equal("Active", created.Value("ServiceSpecificCredential/Status"));
        Assert.Equal([id], listed.Values("ServiceSpecificCredentials/member/ServiceSpecificCredentialId"));
        Assert.Equal(["codecommit.amazonaws.com"], listed.Values("ServiceSpecificCredentials/member/ServiceName"));
        Assert.DoesNotContain("ServicePassword", listed.RawBody);
    }

    [Fact]
    public async Task List_filters_by_service_name()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "alice"));
        await iam.OkAsync("CreateServiceSpecificCredential", ("UserName", "alice"), ("ServiceName", "codecommit.amazonaws.com"));
        await iam.OkAsync("CreateServiceSpecificCredential", ("UserName", "alice"), ("ServiceName", "cassandra.amazonaws.com"));

        var keyspaces = await iam.OkAsync("ListServiceSpecificCredentials", ("UserName", "alice"), ("ServiceName", "cassandra.amazonaws.com"));

        Assert.Equal(["cassandra.amazonaws.com"], keyspaces.Values("ServiceSpecificCredentials/member/ServiceName"));
        Assert.Equal(2, (await iam.OkAsync("ListServiceSpecificCredentials", ("UserName", "alice"))).All("ServiceSpecificCredentials/member").Count);
    }

    [Fact]
    public async Task Service_without_service_specific_credentials_answers_NotSupportedService()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "alice"));

        var refused = await iam.CallAsync("CreateServiceSpecificCredential", ("UserName", "alice"), ("ServiceName", "s3.amazonaws.com"));

        Assert.Equal((404, "NotSupportedService"), (refused.Status, refused.ErrorCode));
    }

    [Fact]
    public async Task Third_credential_for_one_service_answers_LimitExceeded_while_another_service_still_takes_one()
    {
        await using var iam = await EmulatorHarness.StartAsync();
        await iam.OkAsync("CreateUser", ("UserName", "alice"));
        await iam.OkAsync("CreateServiceSpecificCredential", ("UserName", "alice"), ("ServiceName", "codecommit.amazonaws.com"));
        await iam.OkAsync("CreateServiceSpecificCredential", ("UserName", "alice"), ("ServiceName", "codecommit.amazonaws.com"));

        var refused = await iam.CallAsync("CreateServiceSpecificCredential", ("UserName", "alice"), ("ServiceName", "codecommit.amazonaws.com"));
        var other = await iam.CallAsync("CreateServiceSpecificCredential", ("UserName", "alice"), ("ServiceName", "cassandra.amazonaws.com"));

        Assert.Equal((409, "LimitExceeded"), (refused.Status, refused.ErrorCode));
        Assert.True(other.IsSuccess);
    }
}
