using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace IamOperator.Testing;

/// <summary>
/// Public material to upload to IAM: fixed keys made by OpenSSH's ssh-keygen (an encoder and
/// fingerprint independent of the emulator's), and fresh keys and certificates made here.
/// Public keys only; the private halves were never kept.
/// </summary>
public static class PublicKeyMaterial
{
    /// <summary><c>ssh-keygen -t rsa -b 2048 -C alice@example</c>.</summary>
    public const string OpenSshRsa = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDD0L7MgY/8nHqvooDPLJbN+w9xiFfAE2dCdYZEGXsTFNHdWsUdGLmEDOO3QtbdZTpYpYSSSZ3JxkkUTNMblI+B0sioEk19c5VJcsTUHhaaRRtBwx0lZI98VBk1SYD4NUdR356IOjrfC2XdXhRP6+IHAlpHxqshNY72qEUO367AcPiz8vrHuPKallmHdiqbWYfw3yWfc8qpj76VsRpLfFe7TgFsCa5A/SBvVyjAStqrR1kvyoveRFhuR5/0VoBXCmyMV4Nf4iutW/hkMeiJtdaMU9MzYat3ItTs+J0XilZLL5BGYrQKo7DQMeYAvLo+lQCFJ1cksCc/fsQFAkYeNIHN alice@example";

    /// <summary><c>ssh-keygen -l -E md5</c> of <see cref="OpenSshRsa"/>.</summary>
    public const string OpenSshRsaMd5Fingerprint = "0d:da:36:ab:8b:03:88:1f:4c:a1:73:55:aa:79:88:ef";

    /// <summary><see cref="OpenSshRsa"/> as <c>ssh-keygen -e -m PKCS8</c> writes it.</summary>
    public const string PemRsa = """
        -----BEGIN PUBLIC KEY-----
        MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAw9C+zIGP/Jx6r6KAzyyW
        zfsPcYhXwBNnQnWGRBl7ExTR3VrFHRi5hAzjt0LW3WU6WKWEkkmdycZJFEzTG5SP
        gdLIqBJNfXOVSXLE1B4WmkUbQcMdJWSPfFQZNUmA+DVHUd+eiDo63wtl3V4UT+vi
        BwJaR8arITWO9qhFDt+uwHD4s/L6x7jympZZh3Yqm1mH8N8ln3PKqY++lbEaS3xX
        u04BbAmuQP0gb1cowEraq0dZL8qL3kRYbkef9FaAVwpsjFeDX+IrrVv4ZDHoibXW
        jFPTM2GrdyLU7PidF4pWSy+QRmK0CqOw0DHmALy6PpUAhSdXJLAnP37EBQJGHjSB
        zQIDAQAB
        -----END PUBLIC KEY-----
        """;

    /// <summary><c>ssh-keygen -t rsa -b 1024</c>: below IAM's 2048-bit minimum.</summary>
    public const string OpenSshRsa1024 = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQCo4bAttZaWZFrRpFHjvnCg/WqwuF2/LiMzLCOn3KIaMthKjLeVFBdzTXDwfv7t+bbRquyK1/cGBZDcAZVgpurKGBsHuY0g0htcu0lIkbWRH1vHi+l5MZBoShHbZ93h2noOfex0w7sbHjSr+/4HXES7rmHnedkNtda1cdnVxE0Agw== short";

    /// <summary><c>ssh-keygen -t ed25519</c>: not an encoding IAM accepts.</summary>
    public const string OpenSshEd25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGKf0JWLnqkzLUrMiKea/LJin2jm9WRgeccowe6grQ6w ed";

    /// <summary>A fresh 2048-bit RSA public key in PEM (SubjectPublicKeyInfo), which IAM accepts for SSH.</summary>
    public static string NewSshPublicKeyPem()
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportSubjectPublicKeyInfoPem();
    }

    /// <summary>A fresh self-signed X.509 certificate in PEM, valid from yesterday for a year, or one that ended yesterday.</summary>
    public static string NewCertificatePem(bool expired = false)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=iam-operator-test", key, HashAlgorithmName.SHA256);
        var now = DateTimeOffset.UtcNow;
        using var certificate = expired
            ? request.CreateSelfSigned(now.AddDays(-30), now.AddDays(-1))
            : request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        return certificate.ExportCertificatePem();
    }
}
