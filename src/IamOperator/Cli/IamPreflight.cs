using IamOperator.Iam;

namespace IamOperator.Cli;

/// <summary>
/// Before plan/apply touch a single resource, a read with a short timeout and one retry decides whether IAM
/// answers and accepts the credentials. Without it an unreachable endpoint cost minutes of retries per
/// resource, and a wrong secret failed every resource with the same error. Failures no retry can fix stop
/// the run with one line and their own exit code. That read is the account snapshot the run needs anyway
/// (GetAccountAuthorizationDetails, <see cref="ReadAccountAsync"/>), so the check costs no call of its own;
/// only where that read is unavailable (not implemented, or denied by the operator's IAM policy) and after
/// an IAM-wide failure midway is GetAccountSummary (no parameters, read-only) asked instead.
/// </summary>
public static class IamPreflight
{
    public const string Action = "GetAccountSummary";

    /// <summary>Why the run cannot go on, as the exit code and one line that says what to do.</summary>
    public sealed record Failure(int ExitCode, string Message);

    /// <summary>Client settings for the preflight call: decide within seconds (at most two attempts of 5 s each).</summary>
    public static IamClientOptions QuickOptions(IamClientOptions options) => options with
    {
        MaxAttempts = 2,
        AttemptTimeout = TimeSpan.FromSeconds(5),
        BaseDelay = TimeSpan.FromMilliseconds(200),
        MaxDelay = TimeSpan.FromSeconds(1),
    };

    public static async Task<Failure?> CheckAsync(IIamApi iam, Uri endpoint, CancellationToken ct)
    {
        try
        {
            await iam.GetAccountSummaryAsync(ct);
            return null;
        }
        catch (IamApiException e)
        {
            return Judge(e, endpoint);
        }
    }

    /// <summary>
    /// What the account read that served as the preflight gave: why the run cannot go on; or the account's entities;
    /// or why IAM will not give them (the run then reads entity by entity); or none of these, when the read failed
    /// in a way a more patient client may overcome (a timeout, throttling, a service failure), so the run reads again.
    /// </summary>
    public sealed record AccountRead(Failure? Failure, AccountAuthorizationDetails? Details, IamApiException? Unavailable);

    /// <summary>
    /// The account snapshot as the preflight: its answer proves that IAM answers and accepts the credentials as
    /// well as GetAccountSummary's would. Credentials IAM rejects stop the run at once. Any other failure is not yet
    /// a verdict on the endpoint (an operator IAM policy may deny this one action, an IAM-compatible endpoint may
    /// lack it, a page of a large account may take longer than the quick client waits), so GetAccountSummary decides.
    /// </summary>
    /// <param name="quick">A client with <see cref="QuickOptions"/>.</param>
    public static async Task<AccountRead> ReadAccountAsync(IIamApi quick, AccountDetailsFilter filter, Uri endpoint, CancellationToken ct)
    {
        try
        {
            return new AccountRead(null, await quick.GetAccountAuthorizationDetailsAsync(filter, ct), null);
        }
        catch (IamApiException e) when (e.ErrorCode != IamErrorCode.AuthFailure)
        {
            var unavailable = e.ErrorCode == IamErrorCode.AccessDenied || e.HttpStatus == 501 || Judge(e, endpoint) is null;
            return new AccountRead(await CheckAsync(quick, endpoint, ct), null, unavailable ? e : null);
        }
        catch (IamApiException e)
        {
            return new AccountRead(Judge(e, endpoint), null, null);
        }
    }

    /// <summary>
    /// Null when the run may go on: any answer that is not about reaching IAM or about the caller's
    /// credentials (e.g. an IAM-compatible endpoint that does not implement GetAccountSummary) proves both.
    /// </summary>
    public static Failure? Judge(IamApiException failure, Uri endpoint)
    {
        var detail = OneLine($"{failure.Code}: {failure.IamMessage}");
        return failure.ErrorCode switch
        {
            IamErrorCode.AuthFailure when failure.Code == IamApiException.NoCredentialsCode => new(ExitCodes.AwsCredentials,
                "no AWS credentials found (the AWS SDK looked for AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE and ~/.aws, "
                + "a web identity token and an instance or container role): provide one of them, or try the manifests with --embedded."),
            IamErrorCode.AuthFailure when failure.Code is "ExpiredToken" or "ExpiredTokenException" => new(ExitCodes.AwsCredentials,
                $"IAM rejected the AWS credentials because their session has expired ({detail}): refresh them (e.g. aws sso login) and run again."),
            IamErrorCode.AuthFailure when failure.Code == "RequestExpired" => new(ExitCodes.AwsCredentials,
                $"IAM rejected the request's signature time ({detail}): this machine's clock is off; synchronise it and run again."),
            IamErrorCode.AuthFailure => new(ExitCodes.AwsCredentials,
                $"IAM rejected the AWS credentials ({detail}): check that the access key id and secret belong together and to this account "
                + "(AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN or the profile) and that --region is the endpoint's signing region."),
            IamErrorCode.AccessDenied => new(ExitCodes.AwsCredentials,
                $"the AWS credentials are valid but may not read IAM (iam:{Action} was denied: {detail}): grant the caller IAM read access, "
                + "e.g. the IAMReadOnlyAccess managed policy for plan, or config/iam/operator-policy.json for apply."),
            IamErrorCode.NetworkFailure => new(ExitCodes.IamUnreachable,
                $"cannot reach IAM at {endpoint} ({detail}): check --iam-endpoint, the network and any proxy (HTTPS_PROXY)."),
            IamErrorCode.ServiceFailure or IamErrorCode.Throttling => new(ExitCodes.IamUnreachable,
                $"IAM at {endpoint} is not answering normally ({detail}): try again later."),
            _ when failure.HttpStatus >= 500 => new(ExitCodes.IamUnreachable,
                $"IAM at {endpoint} is not answering normally ({detail}): try again later."),
            _ => null,
        };
    }

    private static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
