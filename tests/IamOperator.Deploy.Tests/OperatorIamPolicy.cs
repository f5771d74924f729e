using System.Text.Json.Nodes;

namespace IamOperator.Deploy.Tests;

public sealed record PolicyStatement(string Sid, string Effect, IReadOnlyList<string> Actions, IReadOnlyList<string> Resources, JsonObject? Condition);

/// <summary>config/iam/operator-policy.json, read as statements with "iam:" stripped from actions.</summary>
public sealed class OperatorIamPolicy
{
    public const string BoundaryArn = "arn:aws:iam::ACCOUNT_ID:policy/iam-operator/IamOperatorPermissionsBoundary";

    public string Text { get; }
    public IReadOnlyList<PolicyStatement> Statements { get; }

    private OperatorIamPolicy(string text)
    {
        Text = text;
        Statements = JsonNode.Parse(text)!["Statement"]!.AsArray().Select(s => new PolicyStatement(
            (string)s!["Sid"]!,
            (string)s["Effect"]!,
            Strings(s["Action"]).Select(a => a.StartsWith("iam:", StringComparison.Ordinal) ? a[4..] : a).ToList(),
            Strings(s["Resource"]),
            s["Condition"]?.AsObject())).ToList();
    }

    public static OperatorIamPolicy Load() => new(RepositoryRoot.ReadText("config", "iam", "operator-policy.json"));

    public IEnumerable<PolicyStatement> Allows => Statements.Where(s => s.Effect == "Allow");
    public IEnumerable<PolicyStatement> Denies => Statements.Where(s => s.Effect == "Deny");

    public IEnumerable<PolicyStatement> AllowsOf(string action) => Allows.Where(s => s.Actions.Contains(action));

    private static List<string> Strings(JsonNode? node) => node switch
    {
        JsonArray array => array.Select(n => (string)n!).ToList(),
        JsonValue value => [(string)value!],
        _ => [],
    };
}
