using System.CommandLine;

namespace IamOperator.Cli;

/// <summary>A command-line option that takes a <see cref="GoDuration"/> (<c>30s</c>, <c>10m</c>, <c>1h</c>, or hh:mm:ss).</summary>
public static class DurationOption
{
    public static Option<TimeSpan?> Create(string name, string description, params string[] aliases) => new(name, aliases)
    {
        Description = description,
        HelpName = "duration",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : null;
            if (GoDuration.TryParseSetting(name, text, out var duration) is { } error)
            {
                result.AddError(error);
                return null;
            }
            return duration;
        },
    };
}
