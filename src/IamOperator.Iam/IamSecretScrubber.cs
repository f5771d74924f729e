using System.Text.RegularExpressions;

namespace IamOperator.Iam;

/// <summary>
/// Removes anything shaped like an AWS secret before text reaches a log, span or exception:
/// the configured secret and session token, 40-character secret-key-like tokens and long
/// base64 runs (session tokens).
/// </summary>
internal static partial class IamSecretScrubber
{
    public const string Mask = "***";

    // A secret access key is 40 characters of base64; require a digit or '/'/'+' so ordinary 40-letter names survive.
    [GeneratedRegex(@"(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+=]{0,39}[0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])")]
    private static partial Regex SecretKeyShape();

    [GeneratedRegex(@"[A-Za-z0-9/+]{100,}={0,2}")]
    private static partial Regex LongTokenShape();

    public static string Scrub(string text, StaticIamCredentials? known = null)
    {
        if (known is not null)
        {
            if (known.SecretAccessKey.Length > 0)
                text = text.Replace(known.SecretAccessKey, Mask, StringComparison.Ordinal);
            if (!string.IsNullOrEmpty(known.SessionToken))
                text = text.Replace(known.SessionToken, Mask, StringComparison.Ordinal);
        }
        text = LongTokenShape().Replace(text, Mask);
        return SecretKeyShape().Replace(text, Mask);
    }
}
