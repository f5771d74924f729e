using System.Text.RegularExpressions;
using CsCheck;

namespace IamOperator.Policies.Tests;

/// <summary>
/// The structural judgement (<see cref="PatternCoverage"/>: language inclusion over well-formed names)
/// against evaluation over <see cref="AwsSample"/>'s real action names and ARNs.
/// </summary>
public sealed partial class PatternCoverageTests
{
    [Theory]
    [InlineData("*")]
    [InlineData("*:*")]
    [InlineData("?*")]
    [InlineData("*?")]
    [InlineData("**")]
    [InlineData("?*:*")]
    [InlineData("??*:???*")]
    [InlineData("*:?*")]
    [InlineData("??????*")]
    public void Action_patterns_that_match_every_action_cover_everything(string pattern) =>
        Assert.Equal(Coverage.Everything, PatternCoverage.OfActions([pattern]));

    [Theory]
    [InlineData("*:Get*")]
    [InlineData("iam:*")]
    [InlineData("?:*")]
    [InlineData("*:????*")]
    [InlineData("???*:*")]
    [InlineData("*e*")]
    [InlineData("*:*:*")]
    [InlineData("")]
    public void Action_patterns_that_leave_some_action_out_do_not(string pattern) =>
        Assert.Equal(Coverage.NotEverything, PatternCoverage.OfActions([pattern]));

    [Theory]
    [InlineData("*", "user")]
    [InlineData("arn:*", "role")]
    [InlineData("arn:aws:iam::*:*", "policy")]
    [InlineData("arn:aws:iam::*:user/*", "user")]
    [InlineData("arn:aws:iam::123456789012:user/*", "user")]
    [InlineData("arn:aws:*:*:123456789012:*", "group")]
    [InlineData("arn:aws-us-gov:iam::????????????:role/?*", "role")]
    [InlineData("arn:*:*::*:*", "user")]
    public void Resource_patterns_that_match_every_IAM_resource_of_a_type_in_an_account_cover_it(string pattern, string type) =>
        Assert.Equal(Coverage.Everything, PatternCoverage.OfIamResources([pattern], type));

    [Theory]
    [InlineData("arn:aws:iam::*:role/*", "user")]
    [InlineData("arn:aws:iam::123456789012:user/a*", "user")]
    [InlineData("arn:aws:iam::*:user/?", "user")]
    [InlineData("arn:aws:iam::12345678901?:user/*", "user")]
    [InlineData("arn:aws:iam::aws:policy/*", "policy")]
    [InlineData("arn:aws:s3:::*", "user")]
    [InlineData("arn:aws:iam::*:user/${aws:username}", "user")]
    public void Resource_patterns_that_leave_an_IAM_resource_of_the_type_out_do_not(string pattern, string type) =>
        Assert.Equal(Coverage.NotEverything, PatternCoverage.OfIamResources([pattern], type));

    [Fact]
    public void Covering_every_IAM_resource_of_a_type_means_matching_every_sampled_one_of_some_account() =>
        Gen.Select(IamPatternLists, Gen.OneOf<string>("user", "group", "role", "policy")).Sample((patterns, type) =>
        {
            var sample = AwsSample.Arns.Where(a => a.StartsWith($"arn:aws:iam::123456789012:{type}/", StringComparison.Ordinal))
                .Append($"arn:aws:iam::123456789012:{type}/x").Append($"arn:aws:iam::123456789012:{type}/path/to/a-b_c.d@e+f=g,h").ToList();
            if (PatternCoverage.OfIamResources(patterns, type) != Coverage.Everything) return true;
            // Covered in some account and partition: the sample moved there is matched throughout.
            return PatternCoverage.Partitions.Any(partition => patterns.Select(p => p.Split(':') is [_, _, _, _, var a, ..] ? a : "").Append("123456789012").Any(account =>
                sample.Select(arn => arn.Replace("arn:aws:", $"arn:{partition}:", StringComparison.Ordinal).Replace("123456789012", account, StringComparison.Ordinal))
                    .All(arn => patterns.Any(p => Reference.ArnMatches(p, arn)))));
        });

    private static readonly Gen<string[]> IamPatternLists =
        Gen.Select(Gen.OneOf<string>("arn:aws:iam::", "arn:*:iam::", "arn:aws:*:*:", "arn:aws:i?m::"), Gen.OneOf<string>("123456789012", "*", "????????????", "1*", ""),
                Gen.OneOf<string>(":user/", ":role/", ":group/", ":policy/", ":*", ":u*", ":*/"), Gen.OneOf<string>("*", "?*", "a*", "", "x", "*/*", "path/*"),
                (a, b, c, d) => a + b + c + d)
            .Array[1, 3];

    [Fact]
    public void A_list_of_action_patterns_is_judged_by_its_union()
    {
        Assert.Equal(Coverage.Everything, PatternCoverage.OfActions(["??:*", "???*:*"]));
        Assert.Equal(Coverage.Everything, PatternCoverage.OfActions([.. "abcdefghijklmnopqrstuvwxyz0123456789".Select(c => $"{c}*")]));
        Assert.Equal(Coverage.NotEverything, PatternCoverage.OfActions([.. "abcdefghijklmnopqrstuvwxyz012345678".Select(c => $"{c}*")]));
    }

    [Theory]
    [InlineData("*")]
    [InlineData("arn:*")]
    [InlineData("arn*")]
    [InlineData("a*")]
    [InlineData("arn:aws:*")]
    [InlineData("arn:aws-cn:*")]
    [InlineData("arn:*:*")]
    [InlineData("arn:*:*:*:*:*")]
    [InlineData("arn:aws:*:*:*:*")]
    [InlineData("arn:aws:?*:*:*:?*")]
    [InlineData("*:*:*:*:*:*")]
    public void Resource_patterns_that_match_every_ARN_of_a_partition_cover_everything(string pattern) =>
        Assert.Equal(Coverage.Everything, PatternCoverage.OfArns([pattern]));

    [Theory]
    [InlineData("arn:*:*::*:*")]
    [InlineData("arn:aws:*:*:123456789012:*")]
    [InlineData("arn:aws:s3:::*")]
    [InlineData("arn:aws:*:us-east-1:*:*")]
    [InlineData("arn:aws:iam::*:*")]
    [InlineData("arn:*:*:*:*:*:*")]
    [InlineData("arn:a*s:*:*:*:x*")]
    [InlineData("arn:aws:*???:*:*:*")]
    [InlineData("arn:aws:*:*:*:??*")]
    public void Resource_patterns_that_leave_some_ARN_out_do_not(string pattern) =>
        Assert.Equal(Coverage.NotEverything, PatternCoverage.OfArns([pattern]));

    [Fact]
    public void A_list_of_resource_patterns_is_judged_by_its_union()
    {
        Assert.Equal(Coverage.Everything, PatternCoverage.OfArns(["arn:aws:*:*::*", "arn:aws:*:*:aws:*", "arn:aws:*:*:?*:*"]));
        Assert.Equal(Coverage.NotEverything, PatternCoverage.OfArns(["arn:aws:*:*::*", "arn:aws:*:*:1*:*"]));
    }

    [Fact]
    public void A_NotResource_list_leaves_nothing_only_when_it_covers_every_partition()
    {
        Assert.Equal(Coverage.Everything, PatternCoverage.OfArnsInEveryPartition(["arn:*"]));
        Assert.Equal(Coverage.NotEverything, PatternCoverage.OfArnsInEveryPartition(["arn:aws:*"]));
    }

    [Fact]
    public void Hostile_patterns_are_undecided_rather_than_slow()
    {
        // Together these match everything, but deciding it means remembering the last 21 characters.
        const int window = 20;
        var byCharacter = "abcdefghijklmnopqrstuvwxyz0123456789-:".Select(c => $"*{c}{new string('?', window)}");
        var shorter = Enumerable.Range(6, window - 4).Select(n => new string('?', n));

        Assert.Equal(Coverage.Undecided, PatternCoverage.OfActions([.. byCharacter, .. shorter]));
    }

    [Fact]
    public void Patterns_longer_in_total_than_any_IAM_policy_are_undecided()
    {
        var patterns = Enumerable.Range(0, 1000).Select(i => $"arn:aws:s3:::bucket-{i:D4}-with-a-long-name/*").Append("arn:aws:*").ToList();
        Assert.True(patterns.Sum(p => p.Length) > PatternCoverage.MaxPatternCharacters);

        Assert.Equal(Coverage.Undecided, PatternCoverage.OfArns(patterns));
        Assert.Equal(Coverage.Everything, PatternCoverage.OfArns(patterns.TakeLast(10)));
    }

    [Theory]
    [InlineData("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b:c", true)]
    [InlineData("arn:aws:s3:::bucket*/x", "arn:aws:s3:::bucket:y/x", false)]
    [InlineData("arn:aws:lambda:*:*:function:*", "arn:aws:lambda:us-east-1:123456789012:function:f:PROD", true)]
    [InlineData("arn:aws:lambda:us-*-1:*", "arn:aws:lambda:us-east-1:123456789012:function:f", true)]
    [InlineData("arn:aws:iam::123456789012:user/?ob", "arn:aws:iam::123456789012:user/Bob", true)]
    [InlineData("arn:aws:iam::123456789012:user/?ob", "arn:aws:iam::123456789012:user/bob:x", false)]
    [InlineData("arn:aws:iam::123456789012:user/bob", "arn:aws:iam::123456789012:user/Bob", false)]
    public void ARN_patterns_match_segment_by_segment_and_a_segment_ending_star_runs_across_colons(string pattern, string arn, bool matches)
    {
        Assert.Equal(matches, PatternCoverage.ArnMatches(pattern, arn));
        Assert.Equal(matches, Reference.ArnMatches(pattern, arn));
    }

    [Fact]
    public void Every_sample_name_is_well_formed()
    {
        Assert.InRange(AwsSample.Actions.Count, 300, 1000);
        Assert.All(AwsSample.Actions, a => Assert.Matches(WellFormedAction(), a));
        Assert.All(AwsSample.Arns, a => Assert.Matches(WellFormedArn(), a));
        Assert.Equal(PatternCoverage.Partitions.Order(), AwsSample.Arns.Select(AwsSample.PartitionOf).Distinct().Order());
    }

    [Fact]
    public void Action_coverage_agrees_with_evaluation_over_real_action_names() =>
        PatternGen.ActionLists.Sample(patterns =>
            (PatternCoverage.OfActions(patterns) == Coverage.Everything) == Reference.MatchesEveryAction(patterns));

    [Fact]
    public void Resource_coverage_agrees_with_evaluation_over_real_ARNs() =>
        PatternGen.ArnLists.Sample(patterns =>
            (PatternCoverage.OfArns(patterns) == Coverage.Everything) == Reference.MatchesEveryArnOfAPartition(patterns));

    [Fact]
    public void ARN_matching_agrees_with_the_reference_reading_of_the_documentation() =>
        Gen.Select(PatternGen.ArnLists, Gen.Int[0, AwsSample.Arns.Count - 1]).Sample((patterns, i) =>
            PatternCoverage.ArnMatches(patterns[0], AwsSample.Arns[i]) == Reference.ArnMatches(patterns[0], AwsSample.Arns[i]));

    [GeneratedRegex("^[a-z0-9][a-z0-9-]+:[A-Za-z0-9]{3,}$")]
    private static partial Regex WellFormedAction();

    [GeneratedRegex("^arn:[a-z-]+:[a-z0-9][a-z0-9-]+:(|[a-z0-9-]{9,}):(|aws|[0-9]{12}):[^:].*$")]
    private static partial Regex WellFormedArn();
}

/// <summary>Attacker-style spellings: wildcard runs, partial names, separators in odd places, lists of them.</summary>
internal static class PatternGen
{
    // '?' runs stay short: the structural judgement and the sample agree on lengths up to the shortest
    // real names (s3, apigateway:GET), and the generator must not step beyond them. In ARNs a
    // segment-ending '*' runs across colons, so a '??' counts characters of whatever segment follows:
    // ARN pieces use single '?' only. Length thresholds also combine across an action's two parts, and
    // no real action pairs a 2-character service with a 3-character name: at most one part sits at its minimum.
    // Literal pieces avoid the first letters of regions: a partition with a single region (aws-iso-e has
    // only eu-isoe-west-1) would make "*:e*" look universal over the sample.
    private static readonly string[] ServicePieces = ["*", "?*", "??*", "??", "s3", "iam", "i*", "s?", "*3", "e?2", "", "**"];
    private static readonly string[] NamePieces = ["*", "?*", "??*", "???*", "Get*", "*Object", "?", "*e*", "", "Delete?ser", "*User", "GET", "????"];
    private static readonly string[] WholePieces = ["*", "?*", "*?*", "**", "???*", "iam*", "*:*", "*:*:*", "s3:*", "*:Get*", "?"];

    private static readonly Gen<string> Action =
        Gen.Frequency(
            (3, Gen.Select(Gen.OneOf<string>(ServicePieces), Gen.OneOf<string>(NamePieces), (s, n) => $"{s}:{n}")),
            (1, Gen.OneOf<string>(WholePieces)));

    public static Gen<string[]> ActionLists { get; } = Action.Array[1, 3];

    /// <summary>Only what the policy parser accepts: "*" or "service:action" with a literal service prefix.</summary>
    public static Gen<string[]> ParseableActionLists { get; } = Action.Where(a => a == "*" || Regex.IsMatch(a, "^[A-Za-z0-9-]+:[A-Za-z0-9_*?-]+$")).Array[1, 3];

    private static readonly string[] First = ["arn", "*", "ar?", "arn*", "a*"];
    private static readonly string[] Partition = ["aws", "aws-cn", "aws-us-gov", "*", "aws*", "a?s", "", "?*"];
    private static readonly string[] Service = ["*", "s3", "iam", "?*", "", "l*", "?3"];
    private static readonly string[] Region = ["*", "", "us-east-1", "*-1", "?*", "us-*"];
    private static readonly string[] Account = ["*", "", "123456789012", "?*", "aws", "1*"];
    private static readonly string[] Resource = ["*", "bucket/*", "?*", "role/*", "*/*", "function:*", "*:*", "amzn-s3-demo-bucket*"];

    private static readonly Gen<string> Arn =
        Gen.Select(Gen.Int[1, 7], Gen.OneOf<string>(First), Gen.OneOf<string>(Partition), Gen.OneOf<string>(Service), Gen.OneOf<string>(Region))
            .SelectMany(t => Gen.Select(Gen.OneOf<string>(Account), Gen.OneOf<string>(Resource), Gen.OneOf<string>(Resource), (a, r, extra) =>
                string.Join(":", new[] { t.Item2, t.Item3, t.Item4, t.Item5, a, r, extra }.Take(t.Item1))));

    public static Gen<string[]> ArnLists { get; } = Arn.Array[1, 3];

    /// <summary>Only what the policy parser accepts: "*" or an ARN starting with "arn:".</summary>
    public static Gen<string[]> ParseableArnLists { get; } = Arn.Where(r => r == "*" || r.StartsWith("arn:", StringComparison.Ordinal)).Array[1, 3];
}

/// <summary>
/// Evaluation the plain way, written from the documentation rather than from the automaton: an action
/// pattern is a case-insensitive glob; an ARN pattern's '*' and '?' stay within a colon-separated segment,
/// except a '*' that ends a segment (IAM User Guide, "IAM JSON policy elements: Resource").
/// </summary>
internal static class Reference
{
    public static bool MatchesEveryAction(IReadOnlyList<string> patterns) =>
        AwsSample.Actions.All(a => patterns.Any(p => ActionMatches(p, a)));

    public static bool MatchesEveryArnOfAPartition(IReadOnlyList<string> patterns) =>
        AwsSample.Arns.GroupBy(AwsSample.PartitionOf).Any(partition => partition.All(arn => patterns.Any(p => ArnMatches(p, arn))));

    public static bool ActionMatches(string pattern, string action) =>
        Regex.IsMatch(action, "^" + string.Concat(pattern.Select(c => c switch { '*' => ".*", '?' => ".", _ => Regex.Escape(c.ToString()) })) + "$",
            RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    public static bool ArnMatches(string pattern, string arn) => Match(pattern, 0, arn, 0);

    private static bool Match(string p, int i, string v, int j)
    {
        if (i == p.Length) return j == v.Length;
        switch (p[i])
        {
            case '*':
                var crossesColons = i + 1 == p.Length || p[i + 1] == ':';
                for (var k = j; k <= v.Length; k++)
                {
                    if (Match(p, i + 1, v, k)) return true;
                    if (k < v.Length && v[k] == ':' && !crossesColons) return false;
                }
                return false;
            case '?':
                return j < v.Length && v[j] != ':' && Match(p, i + 1, v, j + 1);
            default:
                return j < v.Length && v[j] == p[i] && Match(p, i + 1, v, j + 1);
        }
    }
}
