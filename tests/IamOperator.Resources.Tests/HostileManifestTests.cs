using CsCheck;
using IamOperator.Resources.Manifests;

namespace IamOperator.Resources.Tests;

/// <summary>
/// Manifests written to hurt the loader (it reads pull-request content in CI): each is one problem of
/// its document, with its line and the limit it broke, and the documents around it still load.
/// </summary>
public class HostileManifestTests
{
    private const string ValidGroup = """
        apiVersion: iamoperator.dev/v1alpha1
        kind: IamGroup
        metadata: {name: readers, namespace: team}
        spec:
          iamName: Readers
        """;

    /// <summary>9 levels of 9 aliases each: 387,420,489 scalars once expanded, in 300 bytes.</summary>
    public static string BillionLaughs()
    {
        var lines = new List<string> { "apiVersion: iamoperator.dev/v1alpha1", "kind: IamPolicy", "metadata: {name: laughs}", "spec:", "  document:", "    a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]" };
        for (var level = 1; level <= 8; level++)
        {
            lines.Add($"    a{level}: &a{level} [{string.Join(", ", Enumerable.Repeat($"*a{level - 1}", 9))}]");
        }
        return string.Join('\n', lines);
    }

    private static ManifestSet LoadAround(string hostile) =>
        ManifestLoader.LoadText(string.Join("\n---\n", ValidGroup, hostile, ValidGroup.Replace("readers", "writers")), "pr.yaml");

    private static ManifestProblem TheOnlyProblemBetweenTwoValidDocuments(string hostile)
    {
        var set = LoadAround(hostile);
        Assert.Equal(["readers", "writers"], set.Resources.Select(r => r.Metadata.Name));
        var problem = Assert.Single(set.Problems);
        Assert.Equal(("pr.yaml", 2), (problem.Source, problem.DocumentIndex));
        return problem;
    }

    [Fact]
    public void Billion_laughs_is_refused_at_the_expansion_cap_and_loading_it_allocates_less_than_64_MiB()
    {
        var bomb = BillionLaughs();
        Assert.InRange(bomb.Length, 0, 1024);
        ManifestLoader.LoadText(ValidGroup, "warm-up.yaml");

        var before = GC.GetAllocatedBytesForCurrentThread();
        var problem = TheOnlyProblemBetweenTwoValidDocuments(bomb);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.InRange(allocated, 0, 64L * 1024 * 1024);
        Assert.Contains("once its aliases are expanded, the limit for one document", problem.Message);
        Assert.StartsWith("refused: ", problem.Message);
        Assert.NotNull(problem.Line);
    }

    [Fact]
    public void Twenty_thousand_nested_brackets_are_refused_at_the_depth_limit_instead_of_overflowing_the_stack()
    {
        var problem = TheOnlyProblemBetweenTwoValidDocuments("spec: " + new string('[', 20_000));
        Assert.Equal($"refused: nested deeper than {ManifestLimits.MaxDepth} levels of mappings and lists, the limit for one document", problem.Message);
        Assert.Equal(7, problem.Line);
    }

    [Fact]
    public void Nesting_is_refused_exactly_beyond_the_depth_limit_in_lists_and_mappings_alike()
    {
        // The document root is level 1; spec.document adds 2; the nested value the rest.
        Gen.Select(Gen.Int[1, 2 * ManifestLimits.MaxDepth], Gen.Bool).Sample((levels, lists) =>
        {
            var nested = lists
                ? new string('[', levels) + new string(']', levels)
                : string.Concat(Enumerable.Repeat("{a: ", levels)) + "x" + new string('}', levels);
            var set = ManifestLoader.LoadText($"apiVersion: iamoperator.dev/v1alpha1\nkind: IamPolicy\nmetadata: {{name: p}}\nspec:\n  document: {{x: {nested}}}", "p.yaml");
            var refused = set.Problems.Any(p => p.Message.Contains("nested deeper than"));
            return refused == (levels + 3 > ManifestLimits.MaxDepth);
        });
    }

    [Fact]
    public void Aliases_that_nest_a_document_deeper_than_the_limit_are_refused()
    {
        var levels = string.Join('\n', Enumerable.Range(1, 3).Select(i => $"    l{i}: &l{i} {new string('[', 12)}*l{i - 1}{new string(']', 12)}"));
        var problem = TheOnlyProblemBetweenTwoValidDocuments(
            $"apiVersion: iamoperator.dev/v1alpha1\nkind: IamPolicy\nmetadata: {{name: deep}}\nspec:\n  document:\n    l0: &l0 [x]\n{levels}");
        Assert.Contains($"nested deeper than {ManifestLimits.MaxDepth} levels of mappings and lists once its aliases are expanded", problem.Message);
    }

    [Fact]
    public void An_alias_inside_its_own_anchor_is_refused_not_followed_forever()
    {
        var set = LoadAround("apiVersion: iamoperator.dev/v1alpha1\nkind: IamPolicy\nmetadata: {name: loop}\nspec:\n  document: &self {again: *self}");
        Assert.Equal(2, set.Resources.Count);
        Assert.Equal($"refused: nested deeper than {ManifestLimits.MaxDepth} levels of mappings and lists once its aliases are expanded, the limit for one document",
            Assert.Single(set.Problems).Message);
    }

    [Fact]
    public void More_aliases_than_the_limit_are_refused_even_when_each_is_small()
    {
        var aliases = string.Join(", ", Enumerable.Repeat("*x", ManifestLimits.MaxAliases + 1));
        var problem = TheOnlyProblemBetweenTwoValidDocuments(
            $"apiVersion: iamoperator.dev/v1alpha1\nkind: IamPolicy\nmetadata: {{name: many}}\nspec:\n  document:\n    x: &x 1\n    y: [{aliases}]");
        Assert.Equal($"refused: more than {ManifestLimits.MaxAliases} aliases (*name), the limit for one document", problem.Message);
    }

    [Fact]
    public void A_large_value_repeated_by_aliases_is_refused_once_the_expanded_text_passes_the_document_limit()
    {
        var big = new string('x', 1024 * 1024);
        var problem = TheOnlyProblemBetweenTwoValidDocuments(
            $"apiVersion: iamoperator.dev/v1alpha1\nkind: IamPolicy\nmetadata: {{name: big}}\nspec:\n  document:\n    x: &x {big}\n    y: [*x, *x, *x]");
        Assert.Equal("refused: more than 3 MiB of keys, values and field paths once its aliases are expanded, the limit for one document", problem.Message);
    }

    [Fact]
    public void A_long_key_above_many_values_is_refused_before_its_field_paths_take_gigabytes()
    {
        // 90,000 field paths of 1 MiB each would be 180 GB of strings. (An explicit "? key" may be longer
        // than the 1,024 characters YAML allows an implicit key.)
        var key = new string('k', 1024 * 1024);
        var hostile = $"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: keys}}\ndata:\n  ? {key}\n  : [{string.Join(",", Enumerable.Repeat("0", 90_000))}]";
        var before = GC.GetAllocatedBytesForCurrentThread();

        var problem = TheOnlyProblemBetweenTwoValidDocuments(hostile);

        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 256L * 1024 * 1024);
        Assert.Equal("refused: more than 3 MiB of keys, values and field paths once its aliases are expanded, the limit for one document", problem.Message);
    }

    [Fact]
    public void A_document_larger_than_the_apiservers_request_limit_is_refused_without_parsing_it()
    {
        var problem = TheOnlyProblemBetweenTwoValidDocuments(ValidGroup.Replace("readers", "huge") + "\n# " + new string('x', ManifestLimits.MaxDocumentBytes));
        Assert.Equal("document larger than 3 MiB, the limit for one document (the apiserver's request size limit)", problem.Message);
        Assert.Equal(6, problem.Line); // its --- line
    }

    [Fact]
    public void More_values_than_the_node_limit_are_refused_while_parsing()
    {
        var problem = TheOnlyProblemBetweenTwoValidDocuments(
            "apiVersion: iamoperator.dev/v1alpha1\nkind: IamPolicy\nmetadata: {name: wide}\nspec:\n  document: [" + string.Join(",", Enumerable.Repeat("0", ManifestLimits.MaxNodes)) + "]");
        Assert.Equal($"refused: more than {ManifestLimits.MaxNodes:N0} mappings, lists and values, the limit for one document", problem.Message);
    }

    public static TheoryData<string> NumbersBeyondDouble => ["1e309", "-1e309", "1" + new string('0', 309)];

    [Theory]
    [MemberData(nameof(NumbersBeyondDouble))]
    public void A_number_beyond_what_JSON_can_hold_is_a_validation_error_on_its_field(string number)
    {
        var problem = TheOnlyProblemBetweenTwoValidDocuments(
            $"apiVersion: iamoperator.dev/v1alpha1\nkind: IamServiceRole\nmetadata: {{name: r, namespace: team}}\nspec:\n  trust: {{services: [ec2.amazonaws.com]}}\n  maxSessionDurationSeconds: {number}");
        Assert.Equal(("IamServiceRole team/r", "spec.maxSessionDurationSeconds", 12), (problem.Resource, problem.FieldPath, problem.Line));
        Assert.StartsWith($"Invalid value: {number[..Math.Min(number.Length, 32)]}", problem.Message);
        Assert.Contains("a number must be within ±1.7976931348623157E+308 (quote it to make it a string)", problem.Message);
    }

    [Fact]
    public void A_number_beyond_what_JSON_can_hold_inside_a_policy_document_names_its_field()
    {
        var problem = TheOnlyProblemBetweenTwoValidDocuments(
            "apiVersion: iamoperator.dev/v1alpha1\nkind: IamPolicy\nmetadata: {name: p}\nspec:\n  document:\n    Statement: [{Effect: Allow, Action: 's3:*', Resource: '*', Condition: {NumericLessThan: {'s3:max-keys': 1e999}}}]");
        Assert.Equal("spec.document.Statement[0].Condition.NumericLessThan.s3:max-keys", problem.FieldPath);
    }

    [Theory]
    [InlineData("1e20", "Invalid value: 1E+20: must be a whole number from -2147483648 to 2147483647")]
    [InlineData("3000000000", "Invalid value: 3000000000: must be a whole number from -2147483648 to 2147483647")]
    [InlineData("99999999999999999999", "Invalid value: 1E+20: must be a whole number from -2147483648 to 2147483647")]
    public void An_integer_field_beyond_its_format_is_a_validation_error_on_that_field(string number, string message)
    {
        var problem = TheOnlyProblemBetweenTwoValidDocuments(
            $"apiVersion: iamoperator.dev/v1alpha1\nkind: IamUser\nmetadata: {{name: u, namespace: team}}\nspec:\n  accessKeyMaxAgeDays: {number}");
        Assert.Equal(("spec.accessKeyMaxAgeDays", message), (problem.FieldPath, problem.Message));
    }

    [Fact]
    public void Schema_validation_stops_at_the_depth_limit_whatever_the_schema_allows()
    {
        var levels = ManifestLimits.MaxDepth + 8;
        var schema = new Schema.SchemaNode { Type = "string" };
        for (var i = 0; i < levels; i++)
        {
            schema = new Schema.SchemaNode { Type = "array", Items = schema };
        }
        using var json = System.Text.Json.JsonDocument.Parse(new string('[', levels) + "\"x\"" + new string(']', levels));

        var problem = Assert.Single(Schema.SchemaValidator.Validate(json.RootElement, schema));

        Assert.Equal(string.Concat(Enumerable.Repeat("[0]", ManifestLimits.MaxDepth)), problem.FieldPath);
        Assert.Equal($"Invalid value: nested deeper than {ManifestLimits.MaxDepth} levels of objects and lists", problem.Message);
    }

    [Fact]
    public void Any_plain_scalar_loads_or_is_a_problem_and_never_throws()
    {
        var scalar = Gen.OneOf(
            Gen.String[Gen.Char["0123456789eE+-.x"], 1, 400],
            Gen.Double.Select(d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture)),
            Gen.Int[0, 400].Select(n => "1e" + n));
        scalar.Sample(text =>
        {
            var set = ManifestLoader.LoadText($"apiVersion: iamoperator.dev/v1alpha1\nkind: IamPolicy\nmetadata: {{name: p}}\nspec:\n  document: {{Statement: [], x: {text}}}", "p.yaml");
            return set.Resources.Count + set.Problems.Count >= 1;
        });
    }

    [Fact]
    public void Loading_stops_when_cancelled()
    {
        var folder = Directory.CreateTempSubdirectory("iamoperator-cancel-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "a.yaml"), ValidGroup);
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => ManifestLoader.Load([folder], recursive: false, ct: cancelled.Token));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
