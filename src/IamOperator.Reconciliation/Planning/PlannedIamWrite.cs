using System.Text;
using System.Text.Json.Serialization;
using IamOperator.Iam;

namespace IamOperator.Reconciliation.Planning;

/// <summary>
/// One IAM write. <see cref="Target"/> is the entity acted on as IAM identifies it (a user, group,
/// role or instance profile name; a managed policy's ARN, or its name for CreatePolicy; a virtual
/// MFA device's serial number for DeleteVirtualMFADevice).
/// <see cref="Subject"/> is the second party: the policy ARN attached or detached, the inline policy
/// name, the group joined or left, the version id, the id of an access key, signing certificate, SSH
/// public key or service-specific credential, the MFA serial number deactivated, the instance
/// profile a role is added to or removed from.
/// </summary>
public sealed record PlannedIamWrite(IamOperation Operation, string Target)
{
    [JsonPropertyName("subject"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Subject { get; init; }
    /// <summary>A policy document as the manifest writes it (PutXPolicy, CreatePolicy, CreatePolicyVersion, CreateRole, UpdateAssumeRolePolicy); compared in canonical form, never sent in it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Document { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Path { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? NewName { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? NewPath { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Description { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? MaxSessionDurationSeconds { get; init; }
    /// <summary>The permissions boundary given at creation (CreateUser, CreateRole).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? PermissionsBoundaryArn { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<IamTag>? Tags { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? TagKeys { get; init; }

    /// <summary>
    /// This write and the one before it are one logical change (CreateGroup + its ownership marker;
    /// deleting the marker + DeleteGroup; DeactivateMFADevice + DeleteVirtualMFADevice). The executor
    /// runs it even when cancellation arrives after the previous write, so an interrupted apply never
    /// leaves an unmarked group that the next run would refuse (or abandon) as someone else's, nor a
    /// deactivated virtual MFA device that no later read of the user would find.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool BoundToPrevious { get; init; }

    /// <summary>One line for people, e.g. <c>AttachGroupPolicy Developers arn:aws:iam::aws:policy/PowerUserAccess</c>.</summary>
    public string Describe()
    {
        var text = new StringBuilder(Operation.ToString()).Append(' ').Append(Target);
        if (Subject is not null) text.Append(' ').Append(Subject);
        if (NewName is not null) text.Append(" name→").Append(NewName);
        if (NewPath is not null) text.Append(" path→").Append(NewPath);
        if (Path is not null && Path != "/") text.Append(" path ").Append(Path);
        if (Description is not null && Operation == IamOperation.UpdateRole) text.Append(" description \"").Append(Description).Append('"');
        if (Description is not null && Operation == IamOperation.UpdateAccountPasswordPolicy) text.Append(": ").Append(Description);
        if (MaxSessionDurationSeconds is { } seconds) text.Append(" maxSession ").Append(seconds).Append('s');
        if (PermissionsBoundaryArn is not null) text.Append(" boundary ").Append(PermissionsBoundaryArn);
        if (Tags is { Count: > 0 }) text.Append(" tags ").AppendJoin(", ", Tags.Select(t => $"{t.Key}={t.Value}"));
        if (TagKeys is { Count: > 0 }) text.Append(" keys ").AppendJoin(", ", TagKeys);
        return text.ToString();
    }

    public override string ToString() => Describe();
}
