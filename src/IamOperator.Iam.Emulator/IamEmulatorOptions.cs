namespace IamOperator.Iam.Emulator;

/// <summary>How an emulated IAM account starts: its id, the credentials it accepts, its clock and quotas.</summary>
public sealed record IamEmulatorOptions
{
    public string AccountId { get; init; } = "123456789012";

    /// <summary>Key pairs the SigV4 verifier accepts, besides active keys created through CreateAccessKey.</summary>
    public IReadOnlyList<EmulatorCredential> Credentials { get; init; } = [EmulatorCredential.DocumentationExample];

    /// <summary>Clock for create dates, request expiry, throttling, latency and visibility delay.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>IAM's default quotas; raise one to emulate an account with an approved increase.</summary>
    public IamQuotas Quotas { get; init; } = new();

    /// <summary>
    /// How long GenerateCredentialReport takes before GetCredentialReport answers the report (until then
    /// ReportInProgress). Zero, the default, completes it at once; set it to exercise a client's polling.
    /// </summary>
    public TimeSpan CredentialReportGenerationTime { get; init; } = TimeSpan.Zero;
}
