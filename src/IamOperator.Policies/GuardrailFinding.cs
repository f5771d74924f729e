namespace IamOperator.Policies;

/// <summary>
/// One rule's verdict; <see cref="Rule"/> is a stable id from <see cref="GuardrailRules"/>,
/// <see cref="FieldPath"/> the manifest path (e.g. spec.permissions.inlinePolicies[0].document.Statement[1].Action).
/// </summary>
public sealed record GuardrailFinding(GuardrailSeverity Severity, string Rule, string FieldPath, string Message);
