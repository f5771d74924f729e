namespace IamOperator.Iam.Emulator.Simulation;

/// <summary>
/// IAM's wildcards: <c>*</c> any run of characters, <c>?</c> one character
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html,
/// reference_policies_elements_resource.html). Matched without regular expressions, so a pattern from a
/// request cannot make the emulator backtrack for long.
/// </summary>
internal static class Glob
{
    /// <summary>Stands for a literal <c>*</c> (from <c>${*}</c> or a substituted value): matches only itself.</summary>
    public const char LiteralStar = '\uE000';

    /// <summary>Stands for a literal <c>?</c>.</summary>
    public const char LiteralQuestionMark = '\uE001';

    public static bool Matches(string pattern, string value, bool ignoreCase)
    {
        int p = 0, v = 0, starP = -1, starV = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                starP = p++;
                starV = v;
            }
            else if (p < pattern.Length && (pattern[p] == '?' || Same(pattern[p], value[v], ignoreCase)))
            {
                p++;
                v++;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                v = ++starV;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    /// <summary>
    /// ARNs match segment by segment, case-sensitively: "You can use wildcard characters (* and ?) within the individual
    /// segments of an ARN (the parts separated by colons)", and "if the * wildcard is the last character of a resource
    /// ARN segment, it can expand to match beyond the colon boundaries"
    /// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html). So a <c>?</c>, or a
    /// <c>*</c> with more of its segment after it, never matches a colon; a <c>*</c> that ends a segment may. A bare
    /// <c>*</c> therefore matches any resource, ARN or not.
    /// </summary>
    public static bool MatchesArn(string pattern, string arn)
    {
        // known[p, v]: 0 not yet known, 1 pattern[p..] matches arn[v..], 2 it does not. Bounded by the pattern and ARN
        // lengths, so no input makes it backtrack for long.
        var known = new byte[pattern.Length + 1, arn.Length + 1];
        return ArnFrom(pattern, arn, 0, 0, known);
    }

    private static bool ArnFrom(string pattern, string arn, int p, int v, byte[,] known)
    {
        if (known[p, v] != 0)
        {
            return known[p, v] == 1;
        }

        bool matches;
        if (p == pattern.Length)
        {
            matches = v == arn.Length;
        }
        else if (pattern[p] == '*')
        {
            var endsSegment = p + 1 == pattern.Length || pattern[p + 1] == ':';
            matches = ArnFrom(pattern, arn, p + 1, v, known)
                || (v < arn.Length && (arn[v] != ':' || endsSegment) && ArnFrom(pattern, arn, p, v + 1, known));
        }
        else
        {
            matches = v < arn.Length
                && (pattern[p] == '?' ? arn[v] != ':' : Same(pattern[p], arn[v], ignoreCase: false))
                && ArnFrom(pattern, arn, p + 1, v + 1, known);
        }

        known[p, v] = matches ? (byte)1 : (byte)2;
        return matches;
    }

    private static bool Same(char patternCharacter, char valueCharacter, bool ignoreCase)
    {
        var literal = patternCharacter switch
        {
            LiteralStar => '*',
            LiteralQuestionMark => '?',
            _ => patternCharacter,
        };
        return ignoreCase ? char.ToLowerInvariant(literal) == char.ToLowerInvariant(valueCharacter) : literal == valueCharacter;
    }
}
