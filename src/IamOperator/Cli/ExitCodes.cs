namespace IamOperator.Cli;

/// <summary>
/// The exit codes of every verb, in one place because scripts branch on them (docs/configuration.md
/// and README list them). 1 and 2 keep their meaning from before the later codes existed; 70 is
/// sysexits' EX_SOFTWARE, the conventional "internal error" code.
/// </summary>
public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>A bad flag, manifest or resource (plan/apply still apply every valid resource).</summary>
    public const int InvalidInput = 1;
    /// <summary>plan/apply: IAM refused or failed calls for some resources.</summary>
    public const int IamFailure = 2;
    /// <summary>run: a setting is invalid (the same value as <see cref="IamFailure"/>, kept for existing scripts).</summary>
    public const int InvalidSettings = 2;
    /// <summary>run: the API server cannot be reached or rejects the credentials, a CRD is not installed, or RBAC forbids what the operator needs.</summary>
    public const int KubernetesNotReady = 3;
    /// <summary>No AWS credentials were found, or IAM rejected them (bad signature, unknown key, expired token, access denied to the caller).</summary>
    public const int AwsCredentials = 4;
    /// <summary>IAM did not answer (wrong endpoint, network, proxy, outage).</summary>
    public const int IamUnreachable = 5;
    /// <summary>run: the health/metrics listener cannot bind its address and port (in use, or not an address of this host); emulator: its port is in use.</summary>
    public const int ListenerUnavailable = 6;
    /// <summary>A file named on the command line cannot be read or written.</summary>
    public const int FileUnavailable = 7;
    /// <summary>
    /// plan/apply: an access check (spec.accessChecks) was decided against its expectation, or could not be
    /// decided (missing context keys, a policy document not available, the principal not applied). Lower in rank
    /// than every other failure: 1, 2 and the preflight codes win, because with them the checks' results are incomplete.
    /// </summary>
    public const int AccessCheckFailed = 8;
    /// <summary>An unexpected internal error: a bug to report.</summary>
    public const int InternalError = 70;

    /// <summary>
    /// <c>plan --detailed-exitcode</c>, as <c>terraform plan -detailed-exitcode</c>: 0 no changes, 2 changes
    /// pending, 1 any error (every code above collapses into it, so scripts need only Terraform's three).
    /// </summary>
    public static int PlanDetailed(int exitCode, bool changesPending) =>
        exitCode != Success ? 1 : changesPending ? 2 : Success;
}
