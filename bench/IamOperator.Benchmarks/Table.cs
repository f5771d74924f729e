using System.Globalization;
using System.Text;

namespace IamOperator.Benchmarks;

/// <summary>A Markdown table printed to the console, so results paste straight into docs/benchmarks.md.</summary>
public sealed class Table(params string[] headers)
{
    private readonly List<string[]> rows = [];

    public Table Add(params object[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"A row needs {headers.Length} cells, got {cells.Length}.", nameof(cells));
        }

        rows.Add([.. cells.Select(Format)]);
        return this;
    }

    public void WriteTo(TextWriter output, string title)
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"### {title}").AppendLine();
        Line(text, headers, widths);
        text.Append('|');
        foreach (var width in widths)
        {
            text.Append(' ').Append('-', width).Append(" |");
        }

        text.AppendLine();
        foreach (var row in rows)
        {
            Line(text, row, widths);
        }

        output.Write(text.ToString());
        output.Flush();
    }

    public static string Format(object cell) => cell switch
    {
        double d when Math.Abs(d) >= 100 => d.ToString("N0", CultureInfo.InvariantCulture),
        double d => d.ToString("0.##", CultureInfo.InvariantCulture),
        TimeSpan t => t.TotalSeconds >= 1 ? t.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s" : t.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString() ?? "",
    };

    private static void Line(StringBuilder text, string[] cells, int[] widths)
    {
        text.Append('|');
        for (var i = 0; i < cells.Length; i++)
        {
            text.Append(' ').Append(cells[i].PadRight(widths[i])).Append(" |");
        }

        text.AppendLine();
    }
}
