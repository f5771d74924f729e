using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace IamOperator.Iam;

/// <summary>
/// Removes secrets before text reaches a log, span, exception, status or CLI output: every secret
/// access key and session token the client has signed with (learnt as each credential is resolved,
/// refreshed ones included, whatever their source), plus anything shaped like one (40-character
/// secret-key-like tokens, long base64 runs) in case an endpoint echoes a secret the client never held.
/// One instance per client; thread-safe.
/// </summary>
internal sealed partial class IamSecretScrubber
{
    public const string Mask = "***";

    // Values this short are masked by shape or not at all: replacing them verbatim could blank out ordinary words.
    private const int MinimumKnownLength = 8;

    // Longest first, so a secret that contains another one is masked whole.
    private ImmutableArray<string> known = [];

    // A secret access key is 40 characters of base64; require a digit or '/'/'+' so ordinary 40-letter names survive.
    [GeneratedRegex(@"(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+=]{0,39}[0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])")]
    private static partial Regex SecretKeyShape();

    [GeneratedRegex(@"[A-Za-z0-9/+]{100,}={0,2}")]
    private static partial Regex LongTokenShape();

    /// <summary>Remembers a secret (a secret access key or session token) so that it is masked from now on.</summary>
    public void Learn(string? secret)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length < MinimumKnownLength) return;
        ImmutableInterlocked.Update(ref known, static (known, value) =>
        {
            if (known.Contains(value, StringComparer.Ordinal)) return known;
            return [.. known.Add(value).OrderByDescending(s => s.Length)];
        }, secret);
    }

    /// <summary>Remembers both secrets of a credential (the access key id is not a secret).</summary>
    public void Learn(StaticIamCredentials? credentials)
    {
        if (credentials is null) return;
        Learn(credentials.SecretAccessKey);
        Learn(credentials.SessionToken);
    }

    public string Scrub(string text)
    {
        foreach (var secret in known)
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        text = LongTokenShape().Replace(text, Mask);
        return SecretKeyShape().Replace(text, Mask);
    }
}
