namespace IamOperator.Policies;

/// <summary>A <see cref="Violation"/> stops the resource (Stalled, no IAM write); a <see cref="Warning"/> is reported and the resource still converges.</summary>
public enum GuardrailSeverity { Warning, Violation }
