using IamOperator.Iam;

namespace IamOperator.Cli;

/// <summary>
/// Before plan/apply touch a single resource, one IAM call (GetAccountSummary: no parameters, read-only)
/// with a short timeout and one retry decides whether IAM answers and accepts the credentials. Without it
/// an unreachable endpoint cost minutes of retries per resource, and a wrong secret failed every resource
/// with the same error. Failures no retry can fix stop the run with one line and their own exit code.
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

    /// <summary>What the preflight learnt: why the run cannot go on, or the account summary it read (null when the endpoint answered otherwise).</summary>
    public sealed record Result(Failure? Failure, IReadOnlyDictionary<string, int>? AccountSummary);

    public static async Task<Failure?> CheckAsync(IIamApi iam, Uri endpoint, CancellationToken ct) => (await ReadAsync(iam, endpoint, ct)).Failure;

    public static async Task<Result> ReadAsync(IIamApi iam, Uri endpoint, CancellationToken ct)
    {
        try
        {
            return new Result(null, await iam.GetAccountSummaryAsync(ct));
        }
        catch (IamApiException e)
        {
            return new Result(Judge(e, endpoint), null);
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
