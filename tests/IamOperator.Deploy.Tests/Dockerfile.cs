using System.Text.RegularExpressions;

namespace IamOperator.Deploy.Tests;

/// <summary>The repository's Dockerfile, read statically: no Docker engine is available here.</summary>
public static partial class Dockerfile
{
    public static IReadOnlyList<DockerfileInstruction> Instructions { get; } = Parse(RepositoryRoot.ReadText("Dockerfile"));

    public static IReadOnlyList<string> Stages => Instructions.Where(i => i.Keyword == "FROM").Select(i => i.Stage).ToList();

    public static IEnumerable<DockerfileInstruction> In(string stage) => Instructions.Where(i => i.Stage == stage);

    private static List<DockerfileInstruction> Parse(string text)
    {
        var logicalLines = ContinuationPattern().Replace(text, " ")
            .Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'));
        var instructions = new List<DockerfileInstruction>();
        var stage = "";
        foreach (var line in logicalLines)
        {
            var parts = line.Split(' ', 2, StringSplitOptions.TrimEntries);
            var keyword = parts[0].ToUpperInvariant();
            var arguments = parts.Length > 1 ? parts[1] : "";
            if (keyword == "FROM")
            {
                var alias = StageAliasPattern().Match(arguments);
                stage = alias.Success ? alias.Groups[1].Value : $"stage{instructions.Count(i => i.Keyword == "FROM")}";
            }
            instructions.Add(new DockerfileInstruction(stage, keyword, arguments));
        }
        return instructions;
    }

    [GeneratedRegex(@"\\\r?\n")]
    private static partial Regex ContinuationPattern();

    [GeneratedRegex(@"\s+AS\s+(\S+)$", RegexOptions.IgnoreCase)]
    private static partial Regex StageAliasPattern();
}
