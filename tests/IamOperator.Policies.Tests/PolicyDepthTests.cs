using System.Text.Json;

namespace IamOperator.Policies.Tests;

/// <summary>
/// Nesting in a policy document costs the parser nothing: it reads the grammar's fixed levels (document,
/// statement, element, condition operator, key, values) and never descends into what lies below them.
/// </summary>
public class PolicyDepthTests
{
    private static string Nested(int levels, string inner) => new string('[', levels) + inner + new string(']', levels);

    [Fact]
    public void A_policy_text_nested_20000_levels_deep_is_a_JSON_error_not_a_crash()
    {
        var error = Assert.Throws<PolicyDocumentException>(() => PolicyDocument.Parse("""{"Statement": """ + Nested(20_000, "1") + "}"));
        Assert.Contains("not valid JSON", error.Message);
    }

    [Theory]
    [InlineData("Action")]
    [InlineData("Resource")]
    [InlineData("Principal")]
    [InlineData("Condition")]
    public void A_value_nested_far_below_where_the_grammar_allows_is_one_grammar_error_at_that_level(string element)
    {
        // About 60 levels under the element: within System.Text.Json's default depth of 64 for the whole document.
        var statement = element switch
        {
            "Action" => $$"""{"Effect": "Allow", "Action": {{Nested(60, "\"x\"")}}, "Resource": "*"}""",
            "Resource" => $$"""{"Effect": "Allow", "Action": "s3:GetObject", "Resource": {{Nested(60, "\"x\"")}}}""",
            "Principal" => """{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Principal": {"AWS": """ + Nested(58, "\"x\"") + "}}",
            _ => """{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:username": """ + Nested(56, "\"x\"") + "}}}",
        };
        using var json = JsonDocument.Parse($$"""{"Version": "2012-10-17", "Statement": [{{statement}}]}""");

        var error = Assert.Throws<PolicyDocumentException>(() => PolicyDocument.FromJson(json.RootElement));

        var grammarError = Assert.Single(error.Errors);
        Assert.Contains("got an array", grammarError.Problem);
    }
}
