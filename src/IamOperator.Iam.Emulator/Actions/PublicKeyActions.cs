using System.Xml.Linq;
using IamOperator.Iam.Emulator.Documents;
using IamOperator.Iam.Emulator.Protocol;
using IamOperator.Iam.Emulator.State;
using static IamOperator.Iam.Emulator.Protocol.IamXml;

namespace IamOperator.Iam.Emulator.Actions;

/// <summary>
/// A user's public keys: X.509 signing certificates (https://docs.aws.amazon.com/IAM/latest/APIReference/API_UploadSigningCertificate.html)
/// and SSH public keys for CodeCommit (API_UploadSSHPublicKey). Both block DeleteUser until deleted.
/// There is no Update… action here, so every key is Active.
/// </summary>
internal sealed class PublicKeyActions(IamAccount account)
{
    public void Register(ActionTable table)
    {
        table.Write("UploadSigningCertificate", UploadSigningCertificate);
        table.Read("ListSigningCertificates", ListSigningCertificates);
        table.Write("DeleteSigningCertificate", DeleteSigningCertificate);
        table.Write("UploadSSHPublicKey", UploadSshPublicKey);
        table.Read("ListSSHPublicKeys", ListSshPublicKeys);
        table.Write("DeleteSSHPublicKey", DeleteSshPublicKey);
    }

    private XElement UploadSigningCertificate(IamRequest request)
    {
        var user = account.UserOrCaller(request, forWrite: true);
        var body = Body(request, "CertificateBody");
        var thumbprint = PublicKeyBodies.CertificateThumbprint(body, account.Now);
        if (account.Users.All.Any(other => other.SigningCertificates.Any(certificate => certificate.Thumbprint == thumbprint)))
        {
            throw IamError.DuplicateCertificate("The same certificate is already associated with a user in this account.").ToException();
        }

        if (user.SigningCertificates.Count >= account.Quotas.SigningCertificatesPerUser)
        {
            throw IamError.LimitExceeded($"Cannot exceed quota for SigningCertificatesPerUser: {account.Quotas.SigningCertificatesPerUser}").ToException();
        }

        var certificate = new SigningCertificateEntry(IamAccount.NewCertificateId(), body, thumbprint, account.Now);
        user.SigningCertificates.Add(certificate);
        return Result(E("Certificate", Certificate(user, certificate)));
    }

    private XElement ListSigningCertificates(IamRequest request)
    {
        var user = account.UserOrCaller(request, forWrite: false);
        var page = Pagination.Of(request, user.SigningCertificates, certificate => certificate.CertificateId);
        return Result(page.Members("Certificates", certificate => Certificate(user, certificate)), page.Footer());
    }

    private XElement? DeleteSigningCertificate(IamRequest request)
    {
        var user = account.UserOrCaller(request, forWrite: true);
        var id = NameRules.CredentialId(request, "CertificateId", 24);
        Credentials.Remove(user.SigningCertificates, certificate => certificate.CertificateId, id, "Signing Certificate");
        return null;
    }

    /// <summary>UserName is required for SSH keys (unlike certificates, there is no caller default).</summary>
    private XElement UploadSshPublicKey(IamRequest request)
    {
        var user = account.RequireUser(NameRules.Name(request, "UserName", NameRules.UserNameLength));
        var body = Body(request, "SSHPublicKeyBody");
        var fingerprint = PublicKeyBodies.SshFingerprint(body);
        if (user.SshPublicKeys.Any(key => key.Fingerprint == fingerprint))
        {
            throw IamError.DuplicateSshPublicKey("The SSH public key is already associated with the specified IAM user.").ToException();
        }

        if (user.SshPublicKeys.Count >= account.Quotas.SshPublicKeysPerUser)
        {
            throw IamError.LimitExceeded($"Cannot exceed quota for SSHPublicKeysPerUser: {account.Quotas.SshPublicKeysPerUser}").ToException();
        }

        var key = new SshPublicKeyEntry(IamAccount.NewKeyId("APKA"), body, fingerprint, account.Now);
        user.SshPublicKeys.Add(key);
        return Result(E("SSHPublicKey",
            E("UserName", user.Name), E("SSHPublicKeyId", key.SshPublicKeyId), E("Fingerprint", key.Fingerprint),
            E("SSHPublicKeyBody", key.Body), E("Status", "Active"), E("UploadDate", Date(key.UploadDate))));
    }

    private XElement ListSshPublicKeys(IamRequest request)
    {
        var user = account.UserOrCaller(request, forWrite: false);
        var page = Pagination.Of(request, user.SshPublicKeys, key => key.SshPublicKeyId);
        return Result(page.Members("SSHPublicKeys", key => new object[]
        {
            E("UserName", user.Name), E("SSHPublicKeyId", key.SshPublicKeyId), E("Status", "Active"), E("UploadDate", Date(key.UploadDate)),
        }), page.Footer());
    }

    private XElement? DeleteSshPublicKey(IamRequest request)
    {
        var user = account.RequireUser(NameRules.Name(request, "UserName", NameRules.UserNameLength));
        var id = NameRules.CredentialId(request, "SSHPublicKeyId", 20);
        Credentials.Remove(user.SshPublicKeys, key => key.SshPublicKeyId, id, "Public Key");
        return null;
    }

    /// <summary>Certificate and key bodies: 1–16384 characters of tab, LF, CR and U+0020–U+00FF.</summary>
    private static string Body(IamRequest request, string parameter)
    {
        var body = request.Required(parameter);
        NameRules.Length(parameter, body, 1, 16384);
        if (body.Any(c => c is not ('\t' or '\n' or '\r') && (c < '\u0020' || c > '\u00FF')))
        {
            throw IamError.Validation(IamRequest.FieldName(parameter), body, @"Member must satisfy regular expression pattern: [\u0009\u000A\u000D\u0020-\u00FF]+").ToException();
        }

        return body;
    }

    private static object[] Certificate(UserEntity user, SigningCertificateEntry certificate) =>
    [
        E("UserName", user.Name), E("CertificateId", certificate.CertificateId), E("CertificateBody", certificate.Body),
        E("Status", "Active"), E("UploadDate", Date(certificate.UploadDate)),
    ];
}
