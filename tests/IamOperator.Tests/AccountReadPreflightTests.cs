using System.Reflection;
using IamOperator.Cli;
using IamOperator.Iam;
using IamOperator.Iam.Emulator;

namespace IamOperator.Tests;

/// <summary>
/// plan/apply's preflight is the account read the run needs anyway: its answer proves that IAM answers and
/// accepts the credentials, so it costs no call of its own; GetAccountSummary is asked only when that one read
/// is unavailable.
/// </summary>
public sealed class AccountReadPreflightTests : IAsyncLifetime
{
    private IamEmulatorServer server = null!;
    private IIamApi iam = null!;
    private IamWideFailureTests.RefusingIam refusing = null!;

    public async Task InitializeAsync()
    {
        server = await IamEmulatorServer.StartAsync(new IamEmulatorOptions(), 0);
        iam = DispatchProxy.Create<IIamApi, IamWideFailureTests.RefusingIam>();
        refusing = (IamWideFailureTests.RefusingIam)(object)iam;
        refusing.Inner = SampleAccount.ClientFor(server);
        await refusing.Inner.CreateUserAsync(new CreateUserRequest("erin"), default);
        server.Statistics.Reset();
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    private Task<IamPreflight.AccountRead> ReadAsync() =>
        IamPreflight.ReadAccountAsync(iam, FolderReconciliation.AccountFilter, server.Endpoint, default);

    private static Func<MethodInfo, IamApiException?> Refusing(string method, IamErrorCode code, string iamCode, int status) =>
        m => m.Name == method ? new IamApiException(code, iamCode, "refused", null, status, method.Replace("Async", "", StringComparison.Ordinal)) : null;

    [Fact]
    public async Task An_account_that_answers_is_read_once_and_no_GetAccountSummary_is_asked()
    {
        var read = await ReadAsync();

        Assert.Null(read.Failure);
        Assert.Equal("erin", Assert.Single(read.Details!.Users).User.UserName);
        Assert.Equal(1, server.Statistics.TotalCalls);
    }

    [Theory]
    [InlineData(IamErrorCode.AccessDenied, "AccessDenied", 403)]
    [InlineData(IamErrorCode.Unknown, "InvalidAction", 400)]
    [InlineData(IamErrorCode.Unknown, "NotImplemented", 501)]
    public async Task Where_the_account_read_is_denied_or_not_implemented_GetAccountSummary_judges_the_credentials_and_the_run_goes_on(
        IamErrorCode code, string iamCode, int status)
    {
        refusing.Refuse = Refusing(nameof(IIamApi.GetAccountAuthorizationDetailsAsync), code, iamCode, status);

        var read = await ReadAsync();

        Assert.Null(read.Failure);
        Assert.Null(read.Details);
        Assert.Equal(iamCode, read.Unavailable!.Code);
        Assert.Equal(1, server.Statistics.CallsOf("GetAccountSummary"));
    }

    [Theory]
    [InlineData(IamErrorCode.NetworkFailure, "NetworkFailure", 0)]
    [InlineData(IamErrorCode.Throttling, "Throttling", 400)]
    [InlineData(IamErrorCode.ServiceFailure, "ServiceFailure", 500)]
    public async Task An_account_read_that_timed_out_or_failed_in_passing_is_left_to_the_run_once_GetAccountSummary_answers(
        IamErrorCode code, string iamCode, int status)
    {
        // A page of a large account may take longer than the preflight's quick client waits: that is no verdict on IAM.
        refusing.Refuse = Refusing(nameof(IIamApi.GetAccountAuthorizationDetailsAsync), code, iamCode, status);

        var read = await ReadAsync();

        Assert.Equal(new IamPreflight.AccountRead(null, null, null), read);
        Assert.Equal(1, server.Statistics.CallsOf("GetAccountSummary"));
    }

    [Fact]
    public async Task An_endpoint_that_answers_neither_read_stops_the_run_with_exit_5()
    {
        refusing.Refuse = m => m.Name is nameof(IIamApi.GetAccountAuthorizationDetailsAsync) or nameof(IIamApi.GetAccountSummaryAsync)
            ? new IamApiException(IamErrorCode.NetworkFailure, "NetworkFailure", "timed out", null, 0, IamPreflight.Action) : null;

        var read = await ReadAsync();

        Assert.Equal(ExitCodes.IamUnreachable, read.Failure!.ExitCode);
    }

    [Fact]
    public async Task Credentials_that_may_read_neither_the_account_nor_its_summary_stop_the_run_with_exit_4()
    {
        refusing.Refuse = m => m.Name is nameof(IIamApi.GetAccountAuthorizationDetailsAsync) or nameof(IIamApi.GetAccountSummaryAsync)
            ? new IamApiException(IamErrorCode.AccessDenied, "AccessDenied", "refused", null, 403, IamPreflight.Action) : null;

        var read = await ReadAsync();

        Assert.Equal(ExitCodes.AwsCredentials, read.Failure!.ExitCode);
        Assert.Contains("may not read IAM", read.Failure.Message);
    }

    [Fact]
    public async Task Credentials_IAM_rejects_on_the_account_read_stop_the_run_without_a_second_call()
    {
        refusing.Refuse = Refusing(nameof(IIamApi.GetAccountAuthorizationDetailsAsync), IamErrorCode.AuthFailure, "InvalidClientTokenId", 403);

        var read = await ReadAsync();

        Assert.Equal(ExitCodes.AwsCredentials, read.Failure!.ExitCode);
        Assert.StartsWith("IAM rejected the AWS credentials (InvalidClientTokenId", read.Failure.Message);
        Assert.Null(read.Unavailable);
        Assert.Equal(0, server.Statistics.TotalCalls);
    }
}
