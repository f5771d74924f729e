using System.Globalization;
using System.Text;

namespace IamOperator.Cli;

/// <summary>
/// Makes text that came from a manifest (a name, a kind, a file name, a value quoted in a problem) safe
/// to print as one line of a terminal or CI log. The CLI runs on pull-request content: an ESC in a
/// metadata.name could otherwise clear the screen or colour a forged "Ready" line, a bidi override could
/// reorder what a reviewer reads, and a 300,000-character name would be repeated on every line about it.
/// </summary>
public static class PrintableText
{
    /// <summary>
    /// Longest line printed for one problem or note. Kubernetes names are at most 253 characters and IAM
    /// names 128, so a real problem line fits with room to spare; -o json keeps the full text.
    /// </summary>
    public const int MaxLineLength = 2_000;

    /// <summary>
    /// Control and format characters (C0, DEL, C1, bidi overrides, zero-width marks) become \uXXXX, and a
    /// line beyond <see cref="MaxLineLength"/> is cut with the count of what was left out.
    /// </summary>
    public static string Line(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, MaxLineLength) + 16);
        var index = 0;
        for (; index < text.Length && builder.Length < MaxLineLength; index++)
        {
            var c = text[index];
            if (char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format)
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            else
                builder.Append(c);
        }
        return index < text.Length
            ? builder.Append(CultureInfo.InvariantCulture, $"… ({text.Length - index:N0} more characters; -o json has them all)").ToString()
            : builder.ToString();
    }
}
