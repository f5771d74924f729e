namespace IamOperator.Cli;

/// <summary>
/// What plan/apply say while they work. Off a terminal: one line per resource, which is what a CI log
/// keeps. On a terminal (<see cref="TerminalStyle.ProgressLine"/>): one line rewritten in place, so a long
/// apply shows where it is without scrolling the report away; the report that follows lists every resource.
/// </summary>
/// <param name="width">The terminal's width: a progress line longer than that would wrap, and \r rewrites only the last row.</param>
public sealed class FolderProgress(TextWriter writer, TerminalStyle style, int? width = null)
{
    private bool lineOpen;

    public void Start(string header) => writer.WriteLine(header);

    public void Resource(int index, int count, string text, bool ready, bool stalled)
    {
        string Paint(string line) => ready ? style.Green(line) : stalled ? style.Red(line) : line;
        if (style.ProgressLine)
        {
            var prefix = $"[{index}/{count}] ";
            var room = (width ?? int.MaxValue) - prefix.Length - 1;
            if (text.Length > room) text = room > 1 ? text[..(room - 1)] + "…" : "";
            writer.Write($"{TerminalStyle.ClearLine}{prefix}{Paint(text)}");
            writer.Flush();
            lineOpen = true;
        }
        else
        {
            writer.WriteLine($"[{index}/{count}] {Paint(text)}");
        }
    }

    /// <summary>Erases the progress line so the report starts on a clean line.</summary>
    public void Finish()
    {
        if (!lineOpen) return;
        writer.Write(TerminalStyle.ClearLine);
        writer.Flush();
        lineOpen = false;
    }
}
