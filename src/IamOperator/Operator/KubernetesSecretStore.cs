using System.Text;
using IamOperator.Controllers;
using IamOperator.Reconciliation.Credentials;
using k8s.Models;

namespace IamOperator.Operator;

/// <summary>
/// <see cref="ICredentialSecretStore"/> on a cluster's v1 Secrets. A Secret it writes is owned by the IamUser through a
/// controller ownerReference (<c>controller: true</c>, <c>blockOwnerDeletion: true</c>) and labelled
/// <see cref="ManagedBySelector"/>, so the operator's Secret informer sees it and a deleted or hand-edited Secret
/// wakes its owner. A Secret owned by something else, or by no one, is never overwritten or deleted.
/// </summary>
/// <remarks>
/// Every write is conditional on the resourceVersion just read, so a Secret someone replaced in between is never
/// clobbered: the write re-reads and decides again (ownership included) up to <see cref="MaxAttempts"/> times.
/// Values never appear in an exception or a log line; messages name the Secret and its owners only.
/// </remarks>
public sealed class KubernetesSecretStore(IKubernetesApi kubernetes) : ICredentialSecretStore
{
    /// <summary>The label marking a Secret as the operator's (the Kubernetes recommended label).</summary>
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";

    /// <summary>The value of <see cref="ManagedByLabel"/> on the operator's Secrets.</summary>
    public const string ManagedByValue = "iam-operator";

    /// <summary>The label selector of the operator's Secrets: what its Secret informer lists and watches.</summary>
    public const string ManagedBySelector = ManagedByLabel + "=" + ManagedByValue;

    // As StatusWriter: a few re-reads absorb concurrent writers; more means something keeps rewriting the Secret.
    private const int MaxAttempts = 5;

    public async Task<CredentialSecret?> ReadAsync(CredentialSecretRef secret, CancellationToken cancellationToken)
    {
        var stored = await kubernetes.GetSecretAsync(secret.Namespace, secret.Name, cancellationToken).ConfigureAwait(false);
        return stored is null ? null : new CredentialSecret(DataOf(stored), IsOwnedBy(stored, secret.Owner));
    }

    public async Task WriteAsync(CredentialSecretRef secret, CredentialSecretData data, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var stored = await kubernetes.GetSecretAsync(secret.Namespace, secret.Name, cancellationToken).ConfigureAwait(false);
                if (stored is null)
                {
                    await kubernetes.CreateSecretAsync(NewSecret(secret, data), cancellationToken).ConfigureAwait(false);
                    return;
                }

                if (!IsOwnedBy(stored, secret.Owner))
                {
                    throw new CredentialSecretConflictException(
                        $"Secret {secret.Namespace}/{secret.Name} already exists and is {DescribeOwners(stored)}, not by " +
                        $"{secret.Owner.Kind} {secret.Owner.Name}; the operator never overwrites a Secret it does not own. " +
                        "Choose another Secret name, or delete that Secret if it is no longer used.");
                }

                if (stored.Immutable == true)
                {
                    throw new CredentialSecretConflictException(
                        $"Secret {secret.Namespace}/{secret.Name} is marked immutable, so its credentials cannot be updated; " +
                        "delete it and the operator writes a new one.");
                }

                var wanted = Bytes(data);
                if (HasData(stored, wanted) && stored.Metadata.Labels is { } labels && labels.TryGetValue(ManagedByLabel, out var managedBy) && managedBy == ManagedByValue)
                {
                    return;
                }

                stored.Data = wanted;
                stored.StringData = null;
                stored.Metadata.Labels ??= new Dictionary<string, string>();
                stored.Metadata.Labels[ManagedByLabel] = ManagedByValue;
                await kubernetes.ReplaceSecretAsync(stored, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is ConflictException or AlreadyExistsException or NotFoundException && attempt < MaxAttempts)
            {
                // Someone wrote, created or deleted the Secret since we read it: read again and decide again.
            }
        }
    }

    public async Task DeleteAsync(CredentialSecretRef secret, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var stored = await kubernetes.GetSecretAsync(secret.Namespace, secret.Name, cancellationToken).ConfigureAwait(false);
            if (stored is null || !IsOwnedBy(stored, secret.Owner))
            {
                return;
            }

            try
            {
                // Conditional: a Secret that changed hands since the read is not deleted.
                await kubernetes.DeleteSecretAsync(secret.Namespace, secret.Name, stored.Metadata.ResourceVersion, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (NotFoundException)
            {
                return;
            }
            catch (ConflictException) when (attempt < MaxAttempts)
            {
                // Changed since the read: decide again on the current Secret.
            }
        }
    }

    /// <summary>Whether <paramref name="owner"/> is the Secret's controller, by uid (a recreated IamUser of the same name is another owner).</summary>
    public static bool IsOwnedBy(V1Secret secret, CredentialSecretOwner owner) =>
        secret.Metadata.OwnerReferences?.Any(r => r.Controller == true && r.Uid == owner.Uid) == true;

    private static V1Secret NewSecret(CredentialSecretRef secret, CredentialSecretData data) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Type = "Opaque",
        Metadata = new V1ObjectMeta
        {
            NamespaceProperty = secret.Namespace,
            Name = secret.Name,
            Labels = new Dictionary<string, string> { [ManagedByLabel] = ManagedByValue },
            OwnerReferences =
            [
                new V1OwnerReference
                {
                    ApiVersion = secret.Owner.ApiVersion,
                    Kind = secret.Owner.Kind,
                    Name = secret.Owner.Name,
                    Uid = secret.Owner.Uid,
                    Controller = true,
                    // Foreground deletion of the IamUser waits for its Secret (the credential it holds is being revoked).
                    BlockOwnerDeletion = true,
                },
            ],
        },
        Data = Bytes(data),
    };

    private static Dictionary<string, byte[]> Bytes(CredentialSecretData data) =>
        data.Values.ToDictionary(v => v.Key, v => Encoding.UTF8.GetBytes(v.Value), StringComparer.Ordinal);

    private static CredentialSecretData DataOf(V1Secret secret) =>
        new((secret.Data ?? new Dictionary<string, byte[]>()).ToDictionary(d => d.Key, d => Encoding.UTF8.GetString(d.Value ?? []), StringComparer.Ordinal));

    private static bool HasData(V1Secret stored, Dictionary<string, byte[]> wanted)
    {
        var data = stored.Data ?? new Dictionary<string, byte[]>();
        return data.Count == wanted.Count && wanted.All(w => data.TryGetValue(w.Key, out var value) && value.AsSpan().SequenceEqual(w.Value));
    }

    private static string DescribeOwners(V1Secret secret) =>
        secret.Metadata.OwnerReferences?.FirstOrDefault(r => r.Controller == true) is { } controller
            ? $"controlled by {controller.Kind} {controller.Name} (uid {controller.Uid})"
            : "owned by no controller";
}
