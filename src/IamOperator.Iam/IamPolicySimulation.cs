namespace IamOperator.Iam;

/// <summary>How IAM's policy simulator decided one action on one resource (EvalDecision).</summary>
public enum SimulationDecision { Allowed, ExplicitDeny, ImplicitDeny }

/// <summary>ContextKeyType of a context entry (https://docs.aws.amazon.com/IAM/latest/APIReference/API_ContextEntry.html).</summary>
public enum SimulationContextKeyType { String, StringList, Numeric, NumericList, Boolean, BooleanList, Ip, IpList, Binary, BinaryList, Date, DateList }

/// <summary>A condition key's values as the simulated request carries them (e.g. <c>aws:RequestedRegion</c>).</summary>
public sealed record SimulationContextEntry(string Key, SimulationContextKeyType Type, IReadOnlyList<string> Values);

/// <summary>
/// What to simulate: actions, resources (IAM uses <c>*</c> when none), context, and extra policies
/// (<c>PolicyInputList</c>) or a replacement permissions boundary (<c>PermissionsBoundaryPolicyInputList</c>).
/// <see cref="CallerArn"/> names the user whose <c>aws:username</c> the policies see.
/// </summary>
public sealed record PolicySimulationRequest(
    IReadOnlyList<string> ActionNames,
    IReadOnlyList<string>? ResourceArns = null,
    IReadOnlyList<SimulationContextEntry>? ContextEntries = null,
    IReadOnlyList<string>? PolicyInputList = null,
    IReadOnlyList<string>? PermissionsBoundaryPolicyInputList = null,
    string? CallerArn = null);

/// <summary>Line and column in a policy document.</summary>
public sealed record SimulationPosition(int Line, int Column);

/// <summary>A statement that decided a result: its policy (name, or <c>PolicyInputList.N</c>), the policy's type, and where it sits.</summary>
public sealed record SimulationMatchedStatement(string? SourcePolicyId, string? SourcePolicyType, SimulationPosition? Start, SimulationPosition? End);

/// <summary>
/// One EvaluationResult (https://docs.aws.amazon.com/IAM/latest/APIReference/API_EvaluationResult.html). The
/// boundary and Organizations details are null when IAM did not send them (no boundary, no organization).
/// </summary>
public sealed record PolicySimulationResult(
    string ActionName,
    string ResourceName,
    SimulationDecision Decision,
    IReadOnlyList<SimulationMatchedStatement> MatchedStatements,
    IReadOnlyList<string> MissingContextValues,
    bool? AllowedByPermissionsBoundary,
    bool? AllowedByOrganizations);
