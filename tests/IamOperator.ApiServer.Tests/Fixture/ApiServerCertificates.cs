using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace IamOperator.ApiServer.Tests.Fixture;

/// <summary>
/// A throwaway PKI for one test server: a CA, a serving certificate for 127.0.0.1, and a client
/// certificate in <c>system:masters</c>, which the apiserver authorizes for everything without RBAC.
/// </summary>
public sealed record ApiServerCertificates(
    string CaCertificatePem,
    string ServingCertificatePem,
    string ServingKeyPem,
    string ClientCertificatePem,
    string ClientKeyPem)
{
    public const string ClientUser = "iam-operator-test";

    public static ApiServerCertificates Create(TimeProvider time)
    {
        var now = time.GetUtcNow();
        var notBefore = now.AddMinutes(-5);
        var notAfter = now.AddDays(1);

        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=iam-operator-test-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(notBefore, notAfter);

        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        var (servingPem, servingKeyPem) = Issue(ca, caKey, "CN=127.0.0.1", san.Build(),
            new Oid("1.3.6.1.5.5.7.3.1"), notBefore, notAfter);
        var (clientPem, clientKeyPem) = Issue(ca, caKey, $"CN={ClientUser}, O=system:masters", null,
            new Oid("1.3.6.1.5.5.7.3.2"), notBefore, notAfter);

        return new ApiServerCertificates(ca.ExportCertificatePem(), servingPem, servingKeyPem, clientPem, clientKeyPem);
    }

    private static (string CertificatePem, string KeyPem) Issue(
        X509Certificate2 ca, ECDsa caKey, string subject, X509Extension? subjectAlternativeName, Oid usage,
        DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        if (subjectAlternativeName is not null)
        {
            request.CertificateExtensions.Add(subjectAlternativeName);
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f; // positive, as RFC 5280 requires
        using var signer = ECDsa.Create(caKey.ExportParameters(true));
        using var issued = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(signer), notBefore, notAfter, serial);
        return (issued.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }
}
