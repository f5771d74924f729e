using IamOperator.Iam;

namespace IamOperator.Reconciliation.Observed;

/// <summary>
/// Reads the account's credential report: GenerateCredentialReport (IAM reuses a report younger than four hours,
/// else starts one), then GetCredentialReport, asked again every <see cref="PollInterval"/> while IAM answers
/// ReportInProgress, for at most <see cref="MaxWait"/>. Two calls when a report is ready, a few more while one is
/// generated: per snapshot, never per user. Never throws for IAM's answers: a refused (AccessDenied), missing or
/// unparsable report is "unread" with the reason, so hygiene is skipped and nothing fails. Cancellation propagates.
/// </summary>
public static class CredentialReportReader
{
    /// <summary>IAM's error while a report is generated (GetCredentialReport, HTTP 404).</summary>
    public const string ReportInProgressCode = "ReportInProgress";

    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    /// <summary>IAM generates a report in seconds for most accounts; a minute covers large ones without holding a run for long.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(1);

    public static async Task<(CredentialReport? Report, string? Unread)> ReadAsync(IIamApi iam, TimeProvider time, CancellationToken ct)
    {
        try
        {
            await iam.GenerateCredentialReportAsync(ct).ConfigureAwait(false);
            var deadline = time.GetUtcNow() + MaxWait;
            while (true)
            {
                try
                {
                    var content = await iam.GetCredentialReportAsync(ct).ConfigureAwait(false);
                    return (CredentialReport.Parse(content.Content, content.GeneratedTime), null);
                }
                catch (IamApiException e) when (e.Code == ReportInProgressCode && time.GetUtcNow() < deadline)
                {
                    await Task.Delay(PollInterval, time, ct).ConfigureAwait(false);
                }
            }
        }
        catch (IamApiException e)
        {
            return (null, $"{e.Action} failed: {e.Code}: {e.IamMessage}"
                + (e.ErrorCode == IamErrorCode.AccessDenied ? $" (the operator's IAM policy needs iam:{e.Action}; config/iam/operator-policy.json has it)" : ""));
        }
        catch (FormatException e)
        {
            return (null, $"the credential report could not be read: {e.Message}");
        }
    }
}
