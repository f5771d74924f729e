using System.Text;
using IamOperator.Reconciliation.Credentials;
using k8s;
using k8s.Models;

namespace IamOperator.Cli;

/// <summary>
/// Folder mode's credential store (<c>apply --credentials-dir DIR</c>): each Secret is a Kubernetes Secret manifest
/// <c>DIR/&lt;namespace&gt;.&lt;name&gt;.yaml</c> (v1 Secret, base64 <c>data</c>), ready for <c>kubectl apply</c> or a sealing
/// tool. Files are created with mode 0600 from their first byte and moved into place atomically, so a credential is
/// never world-readable, not even briefly, and a reader never sees half a file. The manifest has no ownerReference
/// (an ownerReference needs the owner's uid, which only a cluster assigns): ownership is the annotation
/// <see cref="OwnerAnnotation"/>, and a file without it (or another owner's, or a symlink) is never overwritten.
/// Reading the files back makes a second apply see the Secrets the first one wrote.
/// </summary>
public sealed class FolderCredentialSecretStore : ICredentialSecretStore
{
    /// <summary>Who wrote the file: <c>&lt;kind&gt;/&lt;name&gt;</c> of the owning resource, in the Secret's namespace.</summary>
    public const string OwnerAnnotation = "iamoperator.dev/owned-by";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly string directory;

    public FolderCredentialSecretStore(string directory) => this.directory = Path.GetFullPath(directory);

    /// <summary>
    /// Null when <paramref name="path"/> can hold the Secret files (created, owner-only, when missing); else why not.
    /// A symlink is refused: a checkout or a script must not be able to point credentials somewhere else.
    /// </summary>
    public static string? Prepare(string path)
    {
        var info = new DirectoryInfo(path);
        if (info.LinkTarget is not null)
            return $"--credentials-dir {path} is a symbolic link; give the real directory (credentials are not written through links)";
        if (File.Exists(path))
            return $"--credentials-dir {path} is a file, not a directory";
        if (!info.Exists)
        {
            try
            {
                if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
                else Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return $"--credentials-dir {path} cannot be created: {e.Message}";
            }
        }
        return null;
    }

    /// <summary>The file of a Secret: the names are a DNS label and a DNS subdomain (validated), so they never leave the directory.</summary>
    public string PathOf(CredentialSecretRef secret) => Path.Combine(directory, $"{secret.Namespace}.{secret.Name}.yaml");

    public async Task<CredentialSecret?> ReadAsync(CredentialSecretRef secret, CancellationToken cancellationToken)
    {
        var path = PathOf(secret);
        var info = new FileInfo(path);
        if (!info.Exists && info.LinkTarget is null)
            return null;
        if (info.LinkTarget is not null)
            return new CredentialSecret(new CredentialSecretData(new Dictionary<string, string>()), OwnedByOwner: false);
        V1Secret? manifest;
        try
        {
            manifest = KubernetesYaml.Deserialize<V1Secret>(await File.ReadAllTextAsync(path, cancellationToken));
        }
        catch (Exception e) when (e is not (IOException or UnauthorizedAccessException or OperationCanceledException))
        {
            // Not a Secret manifest the operator wrote: someone else's file, never overwritten.
            return new CredentialSecret(new CredentialSecretData(new Dictionary<string, string>()), OwnedByOwner: false);
        }
        var owned = manifest?.Kind == "Secret" && manifest.Metadata?.Name == secret.Name && manifest.Metadata.NamespaceProperty == secret.Namespace
            && manifest.Metadata.Annotations?.TryGetValue(OwnerAnnotation, out var owner) == true && owner == OwnerOf(secret);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, bytes) in manifest?.Data ?? new Dictionary<string, byte[]>())
            values[key] = Encoding.UTF8.GetString(bytes);
        foreach (var (key, text) in manifest?.StringData ?? new Dictionary<string, string>())
            values[key] = text;
        return new CredentialSecret(new CredentialSecretData(values), owned);
    }

    public async Task WriteAsync(CredentialSecretRef secret, CredentialSecretData data, CancellationToken cancellationToken)
    {
        if (await ReadAsync(secret, cancellationToken) is { OwnedByOwner: false })
        {
            throw new CredentialSecretConflictException(
                $"{PathOf(secret)} exists and was not written by the operator for {secret.Owner.Kind} {secret.Namespace}/{secret.Owner.Name}");
        }

        var manifest = new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Type = "Opaque",
            Metadata = new V1ObjectMeta
            {
                Name = secret.Name,
                NamespaceProperty = secret.Namespace,
                Annotations = new Dictionary<string, string> { [OwnerAnnotation] = OwnerOf(secret) },
                Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "iam-operator" },
            },
            Data = data.Values.OrderBy(v => v.Key, StringComparer.Ordinal).ToDictionary(v => v.Key, v => Encoding.UTF8.GetBytes(v.Value)),
        };
        var text = $"# Written by iam-operator for {secret.Owner.Kind} {secret.Namespace}/{secret.Owner.Name}: a credential, keep it out of version control.\n"
            + "# No ownerReference: folder mode has no uid of the owner (kubectl apply it next to the IamUser, or seal it).\n"
            + KubernetesYaml.Serialize(manifest);
        var path = PathOf(secret);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnly;
            await using (var stream = new FileStream(temporary, options))
            {
                await stream.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }
            // rename(2) replaces the target atomically (a symlink in its place is replaced, not followed).
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    public async Task DeleteAsync(CredentialSecretRef secret, CancellationToken cancellationToken)
    {
        if (await ReadAsync(secret, cancellationToken) is { OwnedByOwner: true })
            File.Delete(PathOf(secret));
    }

    private static string OwnerOf(CredentialSecretRef secret) => $"{secret.Owner.Kind}/{secret.Owner.Name}";
}
