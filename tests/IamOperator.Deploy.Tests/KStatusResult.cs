namespace IamOperator.Deploy.Tests;

/// <summary>kstatus's verdicts (sigs.k8s.io/cli-utils pkg/kstatus/status/status.go).</summary>
public enum KStatusValue { InProgress, Failed, Current, Terminating }

public sealed record KStatusResult(KStatusValue Status, string Message);
