namespace IamOperator.Policies;

public enum GuardrailSeverity { Warning, Violation }

/// <summary>One rule's verdict; <see cref="FieldPath"/> is the manifest path (e.g. spec.permissions.inlinePolicies[0].document.Statement[1]).</summary>
public sealed record GuardrailFinding(GuardrailSeverity Severity, string Rule, string FieldPath, string Message);

public enum GuardedEntityKind { User, Group, Role, Policy }

/// <summary>What the guardrails judge about one declared entity: plain values, no Kubernetes types.</summary>
public sealed record GuardrailSubject(
    string Namespace,
    GuardedEntityKind Kind,
    string IamName,
    IReadOnlyList<(string FieldPath, string PolicyArn)> ManagedPolicyArns,
    IReadOnlyList<(string FieldPath, PolicyDocument Document)> PermissionDocuments,
    (string FieldPath, PolicyDocument Document)? TrustDocument,
    string? PermissionsBoundaryArn);

/// <summary>CONTRACT: pure checks of a declared entity against the policy rules and the operator's settings.</summary>
public static class Guardrails
{
    public static IReadOnlyList<GuardrailFinding> Check(GuardrailSubject subject, GuardrailSettings settings) => throw new NotImplementedException();
}
