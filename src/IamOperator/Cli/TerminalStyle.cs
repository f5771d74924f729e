namespace IamOperator.Cli;

/// <summary>
/// Whether plan/apply may use colour and a progress line rewritten in place. Both need a terminal
/// (a pipe or a CI log gets plain lines) and are off with <c>NO_COLOR</c> (https://no-color.org, any
/// non-empty value) or <c>TERM=dumb</c>, since both are terminal escape codes. With <c>-o json</c>
/// stdout carries JSON, so it never gets colour, and the progress line goes to stderr.
/// </summary>
public sealed record TerminalStyle(bool Colour, bool ProgressLine)
{
    public static readonly TerminalStyle Plain = new(false, false);

    public static TerminalStyle Decide(bool stdoutIsTerminal, bool stderrIsTerminal, bool json, string? noColor, string? term)
    {
        if (!string.IsNullOrEmpty(noColor) || term == "dumb") return Plain;
        return new TerminalStyle(Colour: !json && stdoutIsTerminal, ProgressLine: json ? stderrIsTerminal : stdoutIsTerminal);
    }

    /// <summary>The decision for this process: a writer is a terminal only when it is the console's own and not redirected.</summary>
    public static TerminalStyle ForConsole(TextWriter output, TextWriter error, bool json) => Decide(
        ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected,
        ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected,
        json, Environment.GetEnvironmentVariable("NO_COLOR"), Environment.GetEnvironmentVariable("TERM"));

    /// <summary>The console's width in columns, when it has one.</summary>
    public static int? ConsoleWidth()
    {
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : null;
        }
        catch (Exception e) when (e is IOException or PlatformNotSupportedException)
        {
            return null;
        }
    }

    private const string Escape = "\u001b[";

    public string Green(string text) => Paint("32", text);
    public string Red(string text) => Paint("31", text);
    public string Yellow(string text) => Paint("33", text);
    public string Bold(string text) => Paint("1", text);

    private string Paint(string code, string text) => Colour ? $"{Escape}{code}m{text}{Escape}0m" : text;

    /// <summary>Carriage return and erase line: what rewrites the progress line in place.</summary>
    public static string ClearLine => $"\r{Escape}2K";
}
