using IamOperator.Iam;

namespace IamOperator.Reconciliation.Observed;

/// <summary>
/// A user as IAM holds it. Credentials (<see cref="AccessKeys"/>, <see cref="MfaDevices"/>,
/// <see cref="HasLoginProfile"/>) are null when not read (the bulk snapshot does not carry them);
/// signing certificates, SSH public keys and service-specific credentials are read only for deletion,
/// where IAM requires them gone before DeleteUser.
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
    bool? HasLoginProfile,
    IReadOnlyList<SigningCertificateMetadata>? SigningCertificates = null,
    IReadOnlyList<SshPublicKeyMetadata>? SshPublicKeys = null,
    IReadOnlyList<ServiceSpecificCredentialMetadata>? ServiceSpecificCredentials = null) : ObservedEntity(Name, Path, Arn, Id, Owner);
