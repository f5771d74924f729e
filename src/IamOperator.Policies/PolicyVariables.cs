using System.Text;

namespace IamOperator.Policies;

/// <summary>
/// Replaces policy variables in a <c>Resource</c> or condition value (IAM User Guide, "IAM policy elements:
/// Variables and tags"): <c>${key}</c> takes the request's single value for the key, <c>${key, 'default'}</c>
/// falls back to the quoted default (<c>''</c> is a quote), and <c>${*}</c>, <c>${?}</c>, <c>${$}</c> are the
/// literal characters. Replacement is one pass. Variables exist only in policy language version 2012-10-17;
/// in 2008-10-17 the text is literal.
/// </summary>
/// <remarks>
/// A character that reaches a pattern literally (<c>${*}</c>, or a <c>*</c> inside a context value) is written
/// as a private-use stand-in that only the same stand-in matches; <see cref="Literal"/> writes a compared value
/// the same way, and <see cref="Plain"/> turns a pattern back into text for exact comparisons.
/// </remarks>
internal static class PolicyVariables
{
    private const char LiteralStar = '\uE000';
    private const char LiteralQuestion = '\uE001';

    /// <summary>The value with its variables replaced; null when a variable has no value and no default.</summary>
    public static string? Substitute(string value, string version, RequestScope scope)
    {
        if (version != PolicyDocument.CurrentVersion || !value.Contains("${", StringComparison.Ordinal)) return value;
        var result = new StringBuilder(value.Length);
        var resolved = true;
        var at = 0;
        while (at < value.Length)
        {
            var open = value.IndexOf("${", at, StringComparison.Ordinal);
            var close = open < 0 ? -1 : value.IndexOf('}', open + 2);
            if (close < 0)
            {
                result.Append(value, at, value.Length - at);
                break;
            }
            result.Append(value, at, open - at);
            // A '}' inside a quoted default belongs to the default.
            close = ClosingBrace(value, open + 2) ?? close;
            var replacement = Resolve(value[(open + 2)..close], scope);
            if (replacement is null) resolved = false;
            else result.Append(replacement);
            at = close + 1;
        }
        return resolved ? result.ToString() : null;
    }

    /// <summary>A compared value (a request ARN or context value) with its wildcard characters as literals.</summary>
    public static string Literal(string value) => value.Replace('*', LiteralStar).Replace('?', LiteralQuestion);

    /// <summary>A substituted value as plain text, for the exact-match operators.</summary>
    public static string Plain(string value) => value.Replace(LiteralStar, '*').Replace(LiteralQuestion, '?');

    private static int? ClosingBrace(string value, int from)
    {
        var quoted = false;
        for (var i = from; i < value.Length; i++)
        {
            if (value[i] == '\'') quoted = !quoted;
            else if (value[i] == '}' && !quoted) return i;
        }
        return null;
    }

    private static string? Resolve(string body, RequestScope scope)
    {
        switch (body.Trim())
        {
            case "*": return LiteralStar.ToString();
            case "?": return LiteralQuestion.ToString();
            case "$": return "$";
        }
        var comma = body.IndexOf(',', StringComparison.Ordinal);
        var key = (comma < 0 ? body : body[..comma]).Trim();
        var fallback = comma < 0 ? null : Default(body[(comma + 1)..].Trim());
        // A multivalued key cannot stand in one place: IAM leaves such a variable unresolved.
        var values = scope.Values(key, report: fallback is null);
        if (values is [var single]) return Literal(single);
        return fallback is null ? null : Literal(fallback);
    }

    private static string? Default(string quoted) =>
        quoted.Length >= 2 && quoted[0] == '\'' && quoted[^1] == '\'' ? quoted[1..^1].Replace("''", "'", StringComparison.Ordinal) : null;
}
