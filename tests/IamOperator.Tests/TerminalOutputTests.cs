using IamOperator.Cli;

namespace IamOperator.Tests;

/// <summary>Colour and a rewritten progress line only on a terminal, never in pipes, CI logs, JSON or with NO_COLOR.</summary>
public sealed class TerminalOutputTests
{
    [Theory]
    //          stdout tty, stderr tty, json,  NO_COLOR, TERM,    colour, progress line
    [InlineData(true, true, false, null, "xterm", true, true)]
    [InlineData(false, true, false, null, "xterm", false, false)]   // piped text: plain lines
    [InlineData(true, true, false, "1", "xterm", false, false)]     // NO_COLOR: no escape codes at all
    [InlineData(true, true, false, "", "xterm", true, true)]        // an empty NO_COLOR does not count (no-color.org)
    [InlineData(true, true, false, null, "dumb", false, false)]
    [InlineData(true, true, true, null, "xterm", false, true)]      // -o json: stdout is JSON, progress on stderr
    [InlineData(false, true, true, null, "xterm", false, true)]     // -o json | jq on a terminal
    [InlineData(true, false, true, null, "xterm", false, false)]    // -o json 2>log
    public void Colour_and_the_progress_line_need_a_terminal_and_no_NO_COLOR(
        bool stdoutTty, bool stderrTty, bool json, string? noColor, string? term, bool colour, bool progressLine) =>
        Assert.Equal(new TerminalStyle(colour, progressLine), TerminalStyle.Decide(stdoutTty, stderrTty, json, noColor, term));

    [Fact]
    public async Task Apply_output_that_is_not_a_terminal_has_no_escape_codes()
    {
        var (exitCode, output, error) = await CliRun.InvokeAsync(["apply", "-f", CliRun.SamplesFolder, "--embedded"]);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.DoesNotContain('\u001b', output + error);
        Assert.DoesNotContain('\r', output + error);
        Assert.Contains("[20/20] ", output);
    }

    [Fact]
    public void A_progress_line_wider_than_the_terminal_is_cut_so_it_never_wraps()
    {
        var writer = new StringWriter();
        var progress = new FolderProgress(writer, new TerminalStyle(Colour: false, ProgressLine: true), width: 20);

        progress.Resource(3, 17, "IamServiceRole/iam-team/ec2-s3-access-role: Ready, 4 IAM write(s)", ready: true, stalled: false);

        Assert.Equal("\r\u001b[2K[3/17] IamServiceR…", writer.ToString());
        Assert.Equal(19, "[3/17] IamServiceR…".Length);
    }

    [Fact]
    public void On_a_terminal_progress_rewrites_one_line_and_clears_it_before_the_report()
    {
        var writer = new StringWriter();
        var progress = new FolderProgress(writer, new TerminalStyle(Colour: true, ProgressLine: true));

        progress.Start("apply: 2 resource(s)");
        progress.Resource(1, 2, "IamGroup/team/a: Ready, 1 IAM write(s)", ready: true, stalled: false);
        progress.Resource(2, 2, "IamGroup/team/b: Stalled (InvalidSpec), 0 IAM write(s)", ready: false, stalled: true);
        progress.Finish();

        Assert.Equal(
            "apply: 2 resource(s)\n"
            + "\r\u001b[2K[1/2] \u001b[32mIamGroup/team/a: Ready, 1 IAM write(s)\u001b[0m"
            + "\r\u001b[2K[2/2] \u001b[31mIamGroup/team/b: Stalled (InvalidSpec), 0 IAM write(s)\u001b[0m"
            + "\r\u001b[2K",
            writer.ToString());
    }
}
