namespace IamOperator.Policies;

/// <summary>IAM's wildcard matching: '*' any run of characters, '?' exactly one.</summary>
internal static class IamWildcard
{
    public static bool Matches(string pattern, string value, StringComparison comparison)
    {
        // Iterative glob match with single backtrack point: linear for the patterns IAM allows.
        int p = 0, v = 0, star = -1, resume = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && pattern[p] == '*') { star = p++; resume = v; }
            else if (p < pattern.Length && (pattern[p] == '?' || string.Compare(pattern, p, value, v, 1, comparison) == 0)) { p++; v++; }
            else if (star >= 0) { p = star + 1; v = ++resume; }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }
}
