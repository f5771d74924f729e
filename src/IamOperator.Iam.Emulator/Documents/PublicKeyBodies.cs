using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using IamOperator.Iam.Emulator.Protocol;

namespace IamOperator.Iam.Emulator.Documents;

/// <summary>
/// The checks IAM makes on uploaded public material that cost little here: a signing certificate
/// must be one PEM X.509 certificate, not expired (API_UploadSigningCertificate: MalformedCertificate);
/// an SSH public key must be RSA in OpenSSH (ssh-rsa) or PEM form, at least 2048 bits
/// (API_UploadSSHPublicKey: UnrecognizedPublicKeyEncoding, InvalidPublicKey).
/// </summary>
internal static class PublicKeyBodies
{
    private const int MinimumRsaBits = 2048;

    /// <summary>The certificate's SHA-1 thumbprint (the same certificate twice is a duplicate).</summary>
    public static string CertificateThumbprint(string body, DateTimeOffset now)
    {
        if (!PemEncoding.TryFind(body, out var fields) || body[fields.Label] != "CERTIFICATE")
        {
            throw IamError.MalformedCertificate("Unable to parse certificate. Please ensure the certificate is in PEM format.").ToException();
        }

        try
        {
            using var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(body[fields.Base64Data]));
            if (certificate.NotAfter.ToUniversalTime() < now.UtcDateTime)
            {
                throw IamError.MalformedCertificate($"Certificate expired on {IamXml.Date(certificate.NotAfter.ToUniversalTime())}.").ToException();
            }

            return certificate.Thumbprint;
        }
        catch (CryptographicException)
        {
            throw IamError.MalformedCertificate("Unable to parse certificate. Please ensure the certificate is in PEM format.").ToException();
        }
    }

    /// <summary>The key's MD5 fingerprint, colon-separated hex of its ssh-rsa wire form, as IAM reports it.</summary>
    public static string SshFingerprint(string body)
    {
        var trimmed = body.Trim();
        var blob = trimmed.StartsWith("-----BEGIN", StringComparison.Ordinal) ? PemRsaBlob(trimmed) : OpenSshRsaBlob(trimmed);
        return string.Join(':', MD5.HashData(blob).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static byte[] PemRsaBlob(string pem)
    {
        if (!PemEncoding.TryFind(pem, out var fields) || pem[fields.Label] is not ("PUBLIC KEY" or "RSA PUBLIC KEY"))
        {
            throw UnrecognizedEncoding();
        }

        using var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            throw InvalidKey();
        }

        var key = rsa.ExportParameters(includePrivateParameters: false);
        RequireBits(key.Modulus!);
        return SshRsaBlob(key.Exponent!, key.Modulus!);
    }

    /// <summary>"ssh-rsa BASE64 [comment]"; the blob is string "ssh-rsa", mpint e, mpint n (RFC 4253 §6.6).</summary>
    private static byte[] OpenSshRsaBlob(string line)
    {
        var parts = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || parts[0] != "ssh-rsa")
        {
            throw UnrecognizedEncoding();
        }

        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(parts[1]);
        }
        catch (FormatException)
        {
            throw InvalidKey();
        }

        var rest = blob.AsSpan();
        if (!TryReadField(ref rest, out var type) || !type.SequenceEqual("ssh-rsa"u8)
            || !TryReadField(ref rest, out _) || !TryReadField(ref rest, out var modulus) || !rest.IsEmpty)
        {
            throw InvalidKey();
        }

        RequireBits(modulus.TrimStart((byte)0).ToArray());
        return blob;
    }

    private static bool TryReadField(ref Span<byte> data, out Span<byte> field)
    {
        field = default;
        if (data.Length < 4)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(data);
        if (length > data.Length - 4)
        {
            return false;
        }

        field = data.Slice(4, (int)length);
        data = data[(4 + (int)length)..];
        return true;
    }

    private static byte[] SshRsaBlob(byte[] exponent, byte[] modulus)
    {
        using var blob = new MemoryStream();
        WriteField(blob, "ssh-rsa"u8);
        WriteField(blob, MpInt(exponent));
        WriteField(blob, MpInt(modulus));
        return blob.ToArray();
    }

    /// <summary>An unsigned big-endian integer as an SSH mpint: a leading zero when the top bit is set.</summary>
    private static byte[] MpInt(byte[] magnitude) => magnitude.Length > 0 && magnitude[0] >= 0x80 ? [0, .. magnitude] : magnitude;

    private static void WriteField(Stream stream, ReadOnlySpan<byte> field)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)field.Length);
        stream.Write(length);
        stream.Write(field);
    }

    private static void RequireBits(byte[] modulus)
    {
        var bits = modulus.Length == 0 ? 0 : ((modulus.Length - 1) * 8) + (8 - byte.LeadingZeroCount(modulus[0]));
        if (bits < MinimumRsaBits)
        {
            throw IamError.InvalidPublicKey($"The public key is {bits} bits; at least {MinimumRsaBits} are required.").ToException();
        }
    }

    private static IamErrorException InvalidKey() =>
        IamError.InvalidPublicKey("The request was rejected because the public key is malformed or otherwise invalid.").ToException();

    private static IamErrorException UnrecognizedEncoding() =>
        IamError.UnrecognizedPublicKeyEncoding("The public key encoding format is unsupported or unrecognized; use ssh-rsa or PEM.").ToException();
}
