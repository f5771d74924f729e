using System.Text.Json.Serialization;
using IamOperator.Resources;

namespace IamOperator.Reconciliation.Access;

/// <summary>How an access check came out. Only <see cref="Passed"/> is a pass.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AccessCheckStatus>))]
public enum AccessCheckStatus
{
    Passed,
    /// <summary>Decided against the expectation.</summary>
    Failed,
    /// <summary>
    /// Not decided: the decision depends on context keys the check does not supply, a policy's document is not
    /// available, the principal is not (yet) in IAM, or the simulator could not be asked.
    /// </summary>
    Unverifiable,
}

/// <summary>
/// The outcome of one spec.accessChecks entry: which resource and check, the decision (IAM's EvalDecision
/// spelling: <c>allowed</c>, <c>explicitDeny</c>, <c>implicitDeny</c>; null when not decided), the statements that
/// decided it, the context keys it lacked, and for an unverifiable check why.
/// </summary>
public sealed record AccessCheckResult(
    ResourceKey Resource,
    string Principal,
    int Index,
    string Action,
    [property: JsonPropertyName("resourceArn")] string ResourceArn,
    AccessExpectation Expected,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Decision,
    AccessCheckStatus Status,
    IReadOnlyList<string> DecidedBy,
    IReadOnlyList<string> MissingContextKeys,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason)
{
    /// <summary>One line for people, e.g. <c>s3:PutObject on * expected Denied: allowed by group ReadOnly → X Statement[0]</c>.</summary>
    public string Describe()
    {
        var head = $"{Action} on {ResourceArn}: expected {Expected}";
        var decided = DecidedBy.Count > 0 ? $" by {string.Join("; ", DecidedBy)}" : "";
        var missing = MissingContextKeys.Count > 0 ? $"; depends on context keys not given: {string.Join(", ", MissingContextKeys)}" : "";
        return Status switch
        {
            AccessCheckStatus.Passed => $"{head}, {Decision}{decided}",
            AccessCheckStatus.Failed => $"{head}, got {Decision}{decided}",
            _ => $"{head}, not verified: {Reason}{(Decision is null ? "" : $" (decision {Decision}{decided})")}{missing}",
        };
    }
}
