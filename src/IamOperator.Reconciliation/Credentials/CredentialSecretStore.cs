namespace IamOperator.Reconciliation.Credentials;

/// <summary>
/// Where a user's IAM credentials are kept: a Kubernetes Secret in a cluster, a Secret manifest file
/// (`apply --credentials-dir`) in folder mode. The reconciler decides; a store only reads and writes.
/// </summary>
public interface ICredentialSecretStore
{
    /// <summary>The Secret, or null when it does not exist.</summary>
    Task<CredentialSecret?> ReadAsync(CredentialSecretRef secret, CancellationToken cancellationToken);

    /// <summary>
    /// Creates the Secret, owned by <see cref="CredentialSecretRef.Owner"/>, or replaces its data. Throws
    /// <see cref="CredentialSecretConflictException"/> when a Secret of that name exists and is not owned by the owner:
    /// a Secret someone else made is never overwritten.
    /// </summary>
    Task WriteAsync(CredentialSecretRef secret, CredentialSecretData data, CancellationToken cancellationToken);

    /// <summary>Deletes the Secret when it exists and is owned by the owner; otherwise does nothing.</summary>
    Task DeleteAsync(CredentialSecretRef secret, CancellationToken cancellationToken);
}

/// <summary>A Secret by namespace and name, and the resource that owns it (its ownerReference).</summary>
public sealed record CredentialSecretRef(string Namespace, string Name, CredentialSecretOwner Owner);

/// <summary>The owning custom resource, as an ownerReference names it.</summary>
public sealed record CredentialSecretOwner(string ApiVersion, string Kind, string Name, string Uid);

/// <summary>A Secret as read: its data and whether the given owner owns it.</summary>
public sealed record CredentialSecret(CredentialSecretData Data, bool OwnedByOwner);

/// <summary>
/// A Secret's string data. Not a record on purpose: its ToString never prints the values, so a log line,
/// span or exception that formats it cannot leak a credential.
/// </summary>
public sealed class CredentialSecretData
{
    public CredentialSecretData(IReadOnlyDictionary<string, string> values) => Values = values;

    public IReadOnlyDictionary<string, string> Values { get; }

    public string? this[string key] => Values.TryGetValue(key, out var value) ? value : null;

    public override string ToString() => $"CredentialSecretData {{ Keys = [{string.Join(", ", Values.Keys.Order(StringComparer.Ordinal))}] }}";
}

/// <summary>A Secret of the wanted name exists and belongs to something else.</summary>
public sealed class CredentialSecretConflictException(string message) : Exception(message);
