namespace IamOperator.Policies;

internal enum ReachKind
{
    /// <summary>A Not-list that excludes everything: the statement grants nothing.</summary>
    Nothing,
    Some,
    /// <summary>An Action or Resource list that matches everything.</summary>
    Every,
    /// <summary>A NotAction or NotResource list that leaves something: everything but the few it names.</summary>
    AllBut,
    Undecided,
}

/// <summary>What a statement's Action/NotAction or Resource/NotResource element reaches, judged by <see cref="PatternCoverage"/>.</summary>
internal sealed record Reach(ReachKind Kind, IReadOnlyList<string> Patterns, string? CoveringPattern)
{
    /// <summary>Everything, or everything but a few named items.</summary>
    public bool IsEverything => Kind is ReachKind.Every or ReachKind.AllBut;

    public static Reach Of(ActionBlock block) =>
        From(block.IsNotAction, block.Actions, patterns => PatternCoverage.OfActions(patterns), patterns => PatternCoverage.OfActions(patterns));

    // A Resource list reaches everything when it covers one partition (an account lives in one); a
    // NotResource list excludes everything only when it covers them all, since the account's partition is unknown here.
    public static Reach Of(ResourceBlock block) =>
        From(block.IsNotResource, block.Resources, patterns => PatternCoverage.OfArns(patterns), patterns => PatternCoverage.OfArnsInEveryPartition(patterns));

    private static Reach From(bool isNot, IReadOnlyList<string> patterns, Func<IEnumerable<string>, Coverage> covers, Func<IEnumerable<string>, Coverage> excludesAll)
    {
        if (isNot)
        {
            return excludesAll(patterns) switch
            {
                Coverage.Everything => new(ReachKind.Nothing, patterns, null),
                Coverage.Undecided => new(ReachKind.Undecided, patterns, null),
                _ => new(ReachKind.AllBut, patterns, null),
            };
        }
        return covers(patterns) switch
        {
            Coverage.Everything => new(ReachKind.Every, patterns, patterns.FirstOrDefault(p => covers([p]) == Coverage.Everything)),
            Coverage.Undecided => new(ReachKind.Undecided, patterns, null),
            _ => new(ReachKind.Some, patterns, null),
        };
    }

    /// <summary>For messages: <c>every action ("?*")</c>, <c>every resource except "arn:aws:s3:::logs/*"</c>.</summary>
    public string Describe(string noun) => Kind switch
    {
        ReachKind.Every when CoveringPattern is not null => $"every {noun} (\"{CoveringPattern}\")",
        ReachKind.Every => $"every {noun} (together, {Quote(Patterns)})",
        ReachKind.AllBut => $"every {noun} except {Quote(Patterns)}",
        _ => Quote(Patterns),
    };

    private static string Quote(IEnumerable<string> values) => string.Join(", ", values.Select(v => $"\"{v}\""));
}
