using System.Globalization;
using System.Text;

namespace IamOperator.Iam.Emulator.Simulation;

/// <summary>One context key's values and declared ContextKeyType (https://docs.aws.amazon.com/IAM/latest/APIReference/API_ContextEntry.html).</summary>
internal sealed record ContextValue(string Type, IReadOnlyList<string> Values);

/// <summary>
/// The request context a simulation evaluates conditions and policy variables against: the caller's
/// ContextEntries, plus the keys the simulator knows from the simulated principal. Keys compare
/// case-insensitively, as condition keys do.
/// </summary>
internal sealed class SimulationContext
{
    public static readonly IReadOnlyList<string> KeyTypes =
        ["string", "stringList", "numeric", "numericList", "boolean", "booleanList", "ip", "ipList", "binary", "binaryList", "date", "dateList"];

    private readonly Dictionary<string, ContextValue> values = new(StringComparer.OrdinalIgnoreCase);

    public void Set(string key, ContextValue value) => values[key] = value;

    /// <summary>Sets a key only if the caller did not supply it: ContextEntries win over derived values.</summary>
    public void Default(string key, string value) => values.TryAdd(key, new ContextValue("string", [value]));

    public ContextValue? Find(string key) => values.GetValueOrDefault(key);

    /// <summary>Null when <paramref name="value"/> is valid for <paramref name="type"/>, else why not.</summary>
    public static string? Invalid(string type, string value)
    {
        var scalar = type.EndsWith("List", StringComparison.Ordinal) ? type[..^4] : type;
        var ok = scalar switch
        {
            "numeric" => decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
            "boolean" => value.Equals("true", StringComparison.OrdinalIgnoreCase) || value.Equals("false", StringComparison.OrdinalIgnoreCase),
            "ip" => System.Net.IPAddress.TryParse(value, out _),
            "binary" => Convert.TryFromBase64String(value, new byte[value.Length], out _),
            "date" => ParseDate(value) is not null,
            _ => true,
        };
        return ok ? null : $"The value {value} is not a valid {scalar}.";
    }

    /// <summary>Dates as IAM's date operators read them: ISO 8601 or seconds since the epoch.</summary>
    public static DateTimeOffset? ParseDate(string value)
    {
        if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds is >= -62135596800 and <= 253402300799 ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;
    }

    /// <summary>
    /// Replaces policy variables <c>${key}</c> and <c>${key, 'default'}</c> with the context's first value for the
    /// key, and <c>${*}</c>, <c>${?}</c>, <c>${$}</c> with the literal character
    /// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html). Substituted text is
    /// literal (its <c>*</c> and <c>?</c> are not wildcards). Null when a variable has no value and no default:
    /// IAM then treats the element as not matching. The keys of such variables go to <paramref name="missing"/>.
    /// Without <paramref name="variables"/> (a policy in the 2008-10-17 language) the text is literal: "policy
    /// variables ... are treated as literal strings" unless the Version is 2012-10-17.
    /// </summary>
    public string? Substitute(string text, bool variables, ICollection<string> missing)
    {
        if (!variables || !text.Contains("${", StringComparison.Ordinal))
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        var resolved = true;
        var index = 0;
        while (index < text.Length)
        {
            var open = text.IndexOf("${", index, StringComparison.Ordinal);
            var close = open < 0 ? -1 : text.IndexOf('}', open + 2);
            if (open < 0 || close < 0)
            {
                result.Append(text, index, text.Length - index);
                break;
            }

            result.Append(text, index, open - index);
            var body = text[(open + 2)..close];
            var replacement = body switch
            {
                "*" => Glob.LiteralStar.ToString(),
                "?" => Glob.LiteralQuestionMark.ToString(),
                "$" => "$",
                _ => Variable(body, missing),
            };
            resolved &= replacement is not null;
            result.Append(replacement);
            index = close + 1;
        }

        return resolved ? result.ToString() : null;
    }

    private string? Variable(string body, ICollection<string> missing)
    {
        var comma = body.IndexOf(',', StringComparison.Ordinal);
        var key = (comma < 0 ? body : body[..comma]).Trim();
        var value = Find(key)?.Values.FirstOrDefault();
        if (value is null && comma >= 0)
        {
            var fallback = body[(comma + 1)..].Trim();
            if (fallback.Length >= 2 && fallback[0] == '\'' && fallback[^1] == '\'')
            {
                value = fallback[1..^1];
            }
        }

        if (value is null)
        {
            missing.Add(key);
        }

        return value?.Replace('*', Glob.LiteralStar).Replace('?', Glob.LiteralQuestionMark);
    }
}
