using IamOperator.Iam;

namespace IamOperator.Reconciliation.Observed;

/// <summary>
/// A user as IAM holds it. Credentials (<see cref="AccessKeys"/>, <see cref="MfaDevices"/>,
/// <see cref="HasLoginProfile"/>) are null when not read (the bulk snapshot does not carry them).
/// </summary>
public sealed record ObservedUser(
    string Name, string Path, string Arn, string Id, string? Owner,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyList<string> GroupNames,
    IReadOnlyList<string> ManagedPolicyArns,
    IReadOnlyDictionary<string, string> InlinePolicies,
    string? PermissionsBoundaryArn,
    IReadOnlyList<AccessKeyMetadata>? AccessKeys,
    IReadOnlyList<MfaDeviceInfo>? MfaDevices,
    bool? HasLoginProfile) : ObservedEntity(Name, Path, Arn, Id, Owner);
