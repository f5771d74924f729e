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
    /// ARNs match segment by segment (partition, service, region, account, resource), case-sensitively; a
    /// wildcard stays inside its segment except in the resource part
    /// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN).
    /// A bare <c>*</c> matches any resource, ARN or not.
    /// </summary>
    public static bool MatchesArn(string pattern, string arn)
    {
        if (pattern == "*")
        {
            return true;
        }

        var patternParts = pattern.Split(':', 6);
        var arnParts = arn.Split(':', 6);
        if (patternParts.Length != 6 || arnParts.Length != 6)
        {
            return patternParts.Length == arnParts.Length && Matches(pattern, arn, ignoreCase: false);
        }

        for (var index = 0; index < 6; index++)
        {
            if (!Matches(patternParts[index], arnParts[index], ignoreCase: false))
            {
                return false;
            }
        }

        return true;
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
