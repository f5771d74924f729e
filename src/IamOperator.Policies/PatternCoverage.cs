namespace IamOperator.Policies;

/// <summary>Whether a list of IAM wildcard patterns matches every action name, or every ARN.</summary>
public enum Coverage
{
    /// <summary>Some well-formed name is matched by none of the patterns.</summary>
    NotEverything,
    /// <summary>Every well-formed name is matched by at least one pattern.</summary>
    Everything,
    /// <summary>The patterns are too intricate (<see cref="PatternCoverage.MaxStates"/>) or too long (<see cref="PatternCoverage.MaxPatternCharacters"/>) to decide.</summary>
    Undecided,
}

/// <summary>
/// Judges wildcard patterns by what they match, not by their spelling: <c>"?*"</c> is every action just as
/// <c>"*"</c> is, and <c>"arn:*"</c> every resource. A list of patterns covers everything when every
/// well-formed name, as a language, is matched by one of them: an exact language inclusion test (the
/// well-formed names as a small automaton, the patterns determinised on the fly over the characters
/// they distinguish), not a test over examples.
/// </summary>
/// <remarks>
/// The well-formed names are the shapes AWS's Service Authorization Reference gives them:
/// <list type="bullet">
/// <item>an action is <c>service:Name</c>, a service prefix of at least 2 of <c>a-z 0-9 -</c> starting with a
/// letter or digit (s3 is among the shortest) and a name of at least 3 letters and digits (apigateway:GET is
/// among the shortest), matched case-insensitively, where <c>*</c> and <c>?</c> match any character;</item>
/// <item>an ARN is <c>arn:partition:service:region:account:resource</c> with a service like an action's
/// service prefix, a region that is empty (global services) or at least 9 of <c>a-z 0-9 -</c> (us-east-1 is
/// among the shortest), an account that is empty, <c>aws</c> or 12 digits, and a resource of any characters,
/// at least one, not starting with a colon. IAM matches ARN patterns segment by
/// segment: <c>*</c> and <c>?</c> stay within a colon-separated segment, except a <c>*</c> that ends a
/// segment, which may run across colons (IAM User Guide, "IAM JSON policy elements: Resource").
/// A pattern list covers every ARN when it covers every ARN of one partition: an account lives in one.</item>
/// </list>
/// </remarks>
public static class PatternCoverage
{
    /// <summary>Bound on the explored states, so a hostile document cannot make the check slow.</summary>
    public const int MaxStates = 2_000;

    /// <summary>
    /// Bound on the patterns' total length: twice the largest IAM policy quota (10,240 characters for a
    /// role's inline policies), so only a document IAM would refuse anyway is left undecided.
    /// </summary>
    public const int MaxPatternCharacters = 20_480;

    /// <summary>
    /// Bound on the distinct accounts an IAM resource list may write out for <see cref="OfIamResources"/>; more is
    /// <see cref="Coverage.Undecided"/>. A policy managing IAM in more than a few accounts at once is not what a team declares.
    /// </summary>
    public const int MaxIamAccounts = 20;

    private static readonly string[] IamWitnesses = ["x", "Admin.User-1", "division_a/team+b=c,d@e/Name"];

    /// <summary>The partitions AWS runs, as the AWS SDKs list them (partitions.json).</summary>
    public static IReadOnlyList<string> Partitions { get; } = ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"];

    private static readonly Universe ActionNames = BuildActionNames();
    private static readonly Dictionary<string, Universe> ArnsByPartition = Partitions.ToDictionary(p => p, BuildArns, StringComparer.Ordinal);

    /// <summary>Whether <paramref name="patterns"/> (an <c>Action</c> or <c>NotAction</c> list) match every action.</summary>
    public static Coverage OfActions(IEnumerable<string> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        return Decide(ActionNames, [.. patterns.Select(p => Glob.Compile(p, GlobSyntax.Action))]);
    }

    /// <summary>Whether <paramref name="patterns"/> (a <c>Resource</c> list) match every ARN of at least one partition.</summary>
    public static Coverage OfArns(IEnumerable<string> patterns) => OfArnsByPartition(patterns, anyPartition: true);

    /// <summary>Whether <paramref name="patterns"/> (a <c>NotResource</c> list) match every ARN of every partition, leaving nothing.</summary>
    public static Coverage OfArnsInEveryPartition(IEnumerable<string> patterns) => OfArnsByPartition(patterns, anyPartition: false);

    private static Coverage OfArnsByPartition(IEnumerable<string> patterns, bool anyPartition)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        var globs = patterns.Select(p => Glob.Compile(p, GlobSyntax.Arn)).ToList();
        foreach (var (partition, universe) in ArnsByPartition)
        {
            // A few everyday ARNs refute most lists at once; only lists that match them all need the search.
            var coverage = Witnesses(partition).All(arn => globs.Any(g => g.Matches(arn))) ? Decide(universe, globs) : Coverage.NotEverything;
            // Undecided stops at once: it fails closed anyway, and the other partitions would cost as much again.
            if (coverage == Coverage.Undecided || (coverage == Coverage.Everything) == anyPartition) return coverage;
        }
        return anyPartition ? Coverage.NotEverything : Coverage.Everything;
    }

    /// <summary>
    /// Whether <paramref name="patterns"/> (a <c>Resource</c> list) match every IAM resource of one type
    /// (<c>user</c>, <c>group</c>, <c>role</c>, <c>policy</c>) of one account in one partition:
    /// <c>arn:PARTITION:iam::ACCOUNT:TYPE/PATH/NAME</c>. The account is the one the operator manages, which this
    /// pure code does not know, so a list covers it when it covers every account, or every resource of an
    /// account it writes out (<c>arn:aws:iam::123456789012:user/*</c> is every user of that account).
    /// </summary>
    public static Coverage OfIamResources(IEnumerable<string> patterns, string resourceType)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        ArgumentException.ThrowIfNullOrEmpty(resourceType);
        var list = patterns.ToList();
        var globs = list.Select(p => Glob.Compile(p, GlobSyntax.Arn)).ToList();
        var accounts = list.Select(p => p.Split(':') is [_, _, _, _, var account, ..] && account.Length == 12 && account.All(char.IsAsciiDigit) ? account : null)
            .OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        // Each account written out is a search of its own: a hostile list naming hundreds could make the check slow.
        if (accounts.Count > MaxIamAccounts) return Coverage.Undecided;
        foreach (var account in accounts.Append(null))
        {
            foreach (var partition in Partitions)
            {
                // A few names of different shapes refute most lists at once; only lists that match them all need the search.
                var prefix = $"arn:{partition}:iam::{account ?? "123456789012"}:{resourceType}/";
                if (!IamWitnesses.All(name => globs.Any(g => g.Matches(prefix + name)))) continue;
                var coverage = Decide(BuildIamResources(partition, account, resourceType), globs);
                if (coverage != Coverage.NotEverything) return coverage;
            }
        }
        return Coverage.NotEverything;
    }

    private static IEnumerable<string> Witnesses(string partition) =>
    [
        $"arn:{partition}:s3:::abc",
        $"arn:{partition}:iam::123456789012:user/x",
        $"arn:{partition}:iam::aws:policy/x",
        $"arn:{partition}:ec2:us-east-1:123456789012:instance/i-1",
        $"arn:{partition}:lambda:us-east-1:123456789012:function:f:1",
    ];

    /// <summary>IAM's match of one <c>Action</c> pattern against one action name, case-insensitively (see the remarks).</summary>
    public static bool ActionMatches(string pattern, string action)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(action);
        // The glob folds its literals to lower case; the name is folded the same way.
        return Glob.Compile(pattern, GlobSyntax.Action).Matches(action.ToLowerInvariant());
    }

    /// <summary>IAM's match of one ARN pattern against one ARN, segment by segment (see the remarks).</summary>
    public static bool ArnMatches(string pattern, string arn)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(arn);
        return Glob.Compile(pattern, GlobSyntax.Arn).Matches(arn);
    }

    // Is every word of the universe matched by some glob? Breadth-first over (universe state, set of glob
    // positions per glob): a reachable pair whose universe state accepts and whose globs all fail is a
    // counterexample.
    private static Coverage Decide(Universe universe, IReadOnlyList<Glob> globs)
    {
        if (globs.Count == 0) return Coverage.NotEverything;
        if (globs.Sum(g => g.Accept) > MaxPatternCharacters) return Coverage.Undecided;
        var alphabet = universe.Alphabet(globs.SelectMany(g => g.Literals));
        var targets = universe.Table(alphabet);
        var start = new Configuration(universe.Start, [.. globs.Select(g => g.Start())]);
        var seen = new HashSet<string>(StringComparer.Ordinal) { start.Key };
        var queue = new Queue<Configuration>([start]);
        while (queue.Count > 0)
        {
            var current = queue.Dequeue();
            if (Enumerable.Range(0, globs.Count).Any(i => globs[i].AcceptsAnyRest(current.Globs[i]))) continue;
            // Every universe state can still reach an accepting one, so globs that all died already fail.
            if (current.Globs.All(set => set.Length == 0)) return Coverage.NotEverything;
            if (universe.Accepting[current.State] && !Enumerable.Range(0, globs.Count).Any(i => globs[i].Accepts(current.Globs[i])))
                return Coverage.NotEverything;
            for (var c = 0; c < alphabet.Count; c++)
            {
                var next = targets[current.State][c];
                if (next.Length == 0) continue;
                var sets = new int[globs.Count][];
                for (var i = 0; i < globs.Count; i++) sets[i] = globs[i].Step(current.Globs[i], alphabet[c]);
                foreach (var target in next)
                {
                    var configuration = new Configuration(target, sets);
                    if (!seen.Add(configuration.Key)) continue;
                    if (seen.Count > MaxStates) return Coverage.Undecided;
                    queue.Enqueue(configuration);
                }
            }
        }
        return Coverage.Everything;
    }

    private sealed class Configuration(int state, int[][] globs)
    {
        public int State { get; } = state;
        public int[][] Globs { get; } = globs;

        // Positions as characters, one run per glob: compact and quick to hash.
        public string Key { get; } = string.Create(
            1 + globs.Sum(g => g.Length + 1), (state, globs),
            static (span, s) =>
            {
                span[0] = (char)s.state;
                var at = 1;
                foreach (var glob in s.globs)
                {
                    foreach (var p in glob) span[at++] = (char)p;
                    span[at++] = '\uFFFF';
                }
            });
    }

    private static Universe BuildActionNames()
    {
        // Matched after folding to lower case: IAM compares action names case-insensitively.
        var u = new Universe();
        var service = u.Run(u.Edge(u.Start, LowerOrDigit), Code, 1);
        var name = u.Run(u.Edge(service, c => c == ':'), LowerOrDigit, 3);
        u.Accepting[name] = true;
        return u;
    }

    private static Universe BuildArns(string partition)
    {
        var u = new Universe();
        var state = u.Literal(u.Start, $"arn:{partition}:");
        var region = u.Edge(u.Run(u.Edge(state, LowerOrDigit), Code, 1), c => c == ':');
        var account = u.Edge(region, c => c == ':');
        u.Edge(u.Run(region, Code, 9), c => c == ':', account);
        var resource = u.Edge(account, c => c == ':');
        u.Edge(u.Literal(account, "aws"), c => c == ':', resource);
        var digits = account;
        for (var i = 0; i < 12; i++) digits = u.Edge(digits, char.IsAsciiDigit);
        u.Edge(digits, c => c == ':', resource);
        var rest = u.Edge(resource, c => c != ':');
        u.Edge(rest, _ => true, rest);
        u.Accepting[rest] = true;
        return u;
    }

    // An IAM name and path hold no colon ([\w+=,.@-] and '/'), so neither does the universe's rest.
    private static Universe BuildIamResources(string partition, string? account, string resourceType)
    {
        var u = new Universe();
        var state = u.Literal(u.Start, $"arn:{partition}:iam::");
        if (account is not null) state = u.Literal(state, account);
        else for (var i = 0; i < 12; i++) state = u.Edge(state, char.IsAsciiDigit);
        var rest = u.Edge(u.Literal(state, $":{resourceType}/"), c => c != ':');
        u.Edge(rest, c => c != ':', rest);
        u.Accepting[rest] = true;
        return u;
    }

    private static bool LowerOrDigit(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');

    private static bool Code(char c) => LowerOrDigit(c) || c == '-';

    /// <summary>The well-formed names as a nondeterministic automaton whose every state can reach an accepting one.</summary>
    private sealed class Universe
    {
        private readonly List<(int From, Func<char, bool> Accepts, int To)> edges = [];

        public int Start => 0;
        public List<bool> Accepting { get; } = [false];

        public int Edge(int from, Func<char, bool> accepts, int? to = null)
        {
            var target = to ?? NewState();
            edges.Add((from, accepts, target));
            return target;
        }

        public int Literal(int from, string text) => text.Aggregate(from, (state, c) => Edge(state, x => x == c));

        /// <summary><paramref name="min"/> or more characters of a class.</summary>
        public int Run(int from, Func<char, bool> accepts, int min)
        {
            var state = from;
            for (var i = 0; i < min; i++) state = Edge(state, accepts);
            Edge(state, accepts, state);
            return state;
        }

        /// <summary>Targets per state and per character of <paramref name="alphabet"/>.</summary>
        public int[][][] Table(IReadOnlyList<char> alphabet) =>
            [.. Enumerable.Range(0, Accepting.Count).Select(state =>
                alphabet.Select(c => edges.Where(e => e.From == state && e.Accepts(c)).Select(e => e.To).ToArray()).ToArray())];

        /// <summary>
        /// One character per class the globs and this automaton cannot tell apart: every literal of the
        /// globs, and one representative of each group of other characters that the edges treat alike.
        /// </summary>
        public IReadOnlyList<char> Alphabet(IEnumerable<char> literals)
        {
            var distinct = new HashSet<char>(literals);
            var candidates = Enumerable.Range(0x20, 0x7F - 0x20).Select(i => (char)i).Append('\u00E9').Append('\u4E00');
            var representatives = candidates
                .Where(c => !distinct.Contains(c))
                .GroupBy(c => string.Concat(edges.Select(e => e.Accepts(c) ? '1' : '0')))
                .Where(g => g.Key.Contains('1'))
                .Select(g => g.First());
            return [.. distinct.Where(c => edges.Any(e => e.Accepts(c))).Concat(representatives)];
        }

        private int NewState()
        {
            Accepting.Add(false);
            return Accepting.Count - 1;
        }
    }

    private enum GlobSyntax { Action, Arn }

    /// <summary>A wildcard pattern as positions of a nondeterministic automaton; <see cref="Accept"/> is the position after the last.</summary>
    private sealed class Glob
    {
        private enum Kind { Literal, One, Star }

        private readonly (Kind Kind, char Char, bool CrossesColon)[] tokens;
        // From this position on only colon-crossing stars remain: every continuation matches.
        private readonly int firstOfStarTail;

        private Glob((Kind Kind, char Char, bool CrossesColon)[] tokens)
        {
            this.tokens = tokens;
            Accept = tokens.Length;
            firstOfStarTail = tokens.Length;
            while (firstOfStarTail > 0 && tokens[firstOfStarTail - 1] is { Kind: Kind.Star, CrossesColon: true }) firstOfStarTail--;
        }

        public int Accept { get; }
        public IEnumerable<char> Literals => tokens.Where(t => t.Kind == Kind.Literal).Select(t => t.Char);

        public bool Accepts(int[] positions) => positions.Length > 0 && positions[^1] == Accept;

        public bool AcceptsAnyRest(int[] positions) => positions.Any(p => p >= firstOfStarTail && p < Accept);

        public static Glob Compile(string pattern, GlobSyntax syntax)
        {
            ArgumentNullException.ThrowIfNull(pattern);
            var tokens = new List<(Kind, char, bool)>();
            for (var i = 0; i < pattern.Length; i++)
            {
                var c = pattern[i];
                var endsSegment = i + 1 == pattern.Length || pattern[i + 1] == ':';
                tokens.Add(c switch
                {
                    '*' => (Kind.Star, c, syntax == GlobSyntax.Action || endsSegment),
                    '?' => (Kind.One, c, syntax == GlobSyntax.Action),
                    _ => (Kind.Literal, syntax == GlobSyntax.Action ? char.ToLowerInvariant(c) : c, false),
                });
            }
            return new Glob([.. tokens]);
        }

        public int[] Start() => Closure([0]);

        public bool Matches(string value)
        {
            var set = Start();
            foreach (var c in value)
            {
                set = Step(set, c);
                if (set.Length == 0) return false;
            }
            return Accepts(set);
        }

        /// <summary>The positions after reading <paramref name="c"/>, sorted.</summary>
        public int[] Step(int[] positions, char c)
        {
            var next = new List<int>(positions.Length + 1);
            foreach (var p in positions)
            {
                if (p == Accept) continue;
                var (kind, literal, crossesColon) = tokens[p];
                var fits = c != ':' || crossesColon;
                switch (kind)
                {
                    case Kind.Star when fits: next.Add(p); break;
                    case Kind.One when fits: next.Add(p + 1); break;
                    case Kind.Literal when literal == c: next.Add(p + 1); break;
                }
            }
            return Closure(next);
        }

        private int[] Closure(List<int> positions)
        {
            // Each position's closure is a run up to the first non-star; the positions come sorted, so a
            // position inside the previous run adds nothing and the result stays sorted without a set.
            var result = new List<int>(positions.Count + 2);
            var last = -1;
            foreach (var start in positions)
            {
                if (start <= last) continue;
                for (var p = start; ; p++)
                {
                    result.Add(p);
                    last = p;
                    if (p >= Accept || tokens[p].Kind != Kind.Star) break;
                }
            }
            return [.. result];
        }
    }
}
