namespace IamOperator.Cli;

/// <summary>
/// What plan/apply say while they work. Off a terminal: one line per resource, which is what a CI log
/// keeps. On a terminal (<see cref="TerminalStyle.ProgressLine"/>): one line rewritten in place, so a long
/// apply shows where it is without scrolling the report away; the report that follows lists every resource.
/// </summary>
public sealed class FolderProgress(TextWriter writer, TerminalStyle style)
{
    private bool lineOpen;

    public void Start(string header) => writer.WriteLine(header);

    public void Resource(int index, int count, string text, bool ready, bool stalled)
    {
        var state = ready ? style.Green(text) : stalled ? style.Red(text) : text;
        if (style.ProgressLine)
        {
            writer.Write($"{TerminalStyle.ClearLine}[{index}/{count}] {state}");
            writer.Flush();
            lineOpen = true;
        }
        else
        {
            writer.WriteLine($"[{index}/{count}] {state}");
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
