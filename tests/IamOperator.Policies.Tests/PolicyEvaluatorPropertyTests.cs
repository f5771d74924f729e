using System.Text.Json.Nodes;
using CsCheck;

namespace IamOperator.Policies.Tests;

/// <summary>
/// Invariants of the evaluation logic over generated policies and requests drawn from <see cref="AwsSample"/>'s
/// real action names and ARNs.
/// </summary>
public sealed class PolicyEvaluatorPropertyTests
{
    private static readonly (string Operator, string Key, string Value)[] Conditions =
    [
        ("Bool", "aws:SecureTransport", "true"),
        ("StringEquals", "aws:username", "carlos"),
        ("StringNotEquals", "aws:username", "carlos"),
        ("StringLikeIfExists", "aws:PrincipalTag/Team", "pay*"),
        ("Null", "aws:TokenIssueTime", "true"),
    ];

    private static readonly Gen<JsonObject> Statement =
        Gen.Select(Gen.Bool, Gen.Bool, PatternGen.ParseableActionLists, Gen.Bool, PatternGen.ParseableArnLists, Gen.Int[-1, Conditions.Length - 1],
            (deny, notAction, actions, notResource, resources, condition) => StatementJson(deny ? "Deny" : "Allow", notAction, actions, notResource, resources, condition));

    private static readonly Gen<SourcedPolicy> Policy =
        Statement.Array[1, 4].Select(statements => Document("generated", statements));

    private static readonly Gen<EvaluationRequest> Request =
        Gen.Select(Gen.Int[0, AwsSample.Actions.Count - 1], Gen.Int[0, AwsSample.Arns.Count], Gen.Bool, Gen.Int[0, 2].Select(u => u switch { 0 => null, 1 => "carlos", _ => (string?)"maria" }), Gen.Bool,
            (action, arn, secure, user, tagged) =>
            {
                var request = new EvaluationRequest(AwsSample.Actions[action], arn == AwsSample.Arns.Count ? "*" : AwsSample.Arns[arn]).With("aws:SecureTransport", secure ? "true" : "false");
                if (user is not null) request = request.With("aws:username", user);
                return tagged ? request.With("aws:PrincipalTag/Team", "payments") : request;
            });

    private static JsonObject StatementJson(string effect, bool notAction, string[] actions, bool notResource, string[] resources, int condition)
    {
        var statement = new JsonObject
        {
            ["Effect"] = effect,
            [notAction ? "NotAction" : "Action"] = new JsonArray([.. actions.Select(a => JsonValue.Create(a))]),
            [notResource ? "NotResource" : "Resource"] = new JsonArray([.. resources.Select(r => JsonValue.Create(r))]),
        };
        if (condition >= 0)
        {
            var (op, key, value) = Conditions[condition];
            statement["Condition"] = new JsonObject { [op] = new JsonObject { [key] = value } };
        }
        return statement;
    }

    private static SourcedPolicy Document(string source, IEnumerable<JsonObject> statements) =>
        new(source, PolicyDocument.Parse(new JsonObject
        {
            ["Version"] = "2012-10-17",
            ["Statement"] = new JsonArray([.. statements.Select(s => (JsonNode)s.DeepClone())]),
        }.ToJsonString()));

    [Fact]
    public void Adding_a_Deny_statement_never_turns_a_denied_request_into_an_allowed_one() =>
        Gen.Select(Policy.Array[1, 3], Statement, Request).Sample((policies, extra, request) =>
        {
            extra["Effect"] = "Deny";
            var before = PolicyEvaluator.Evaluate(request, policies);
            var after = PolicyEvaluator.Evaluate(request, [.. policies, Document("added deny", [extra])]);
            return before.IsAllowed || !after.IsAllowed;
        });

    [Fact]
    public void A_Deny_that_applies_always_wins() =>
        Gen.Select(Policy.Array[1, 3], Request).Sample((policies, request) =>
        {
            var denyAll = Document("deny all", [StatementJson("Deny", false, ["*"], false, ["*"], -1)]);
            return PolicyEvaluator.Evaluate(request, [.. policies, denyAll]).Decision == EvaluationDecision.ExplicitDeny;
        });

    [Fact]
    public void A_permissions_boundary_never_widens_what_the_identity_policies_allow() =>
        Gen.Select(Policy.Array[1, 3], Policy, Request).Sample((policies, boundary, request) =>
            !PolicyEvaluator.Evaluate(request, policies, boundary).IsAllowed || PolicyEvaluator.Evaluate(request, policies).IsAllowed);

    [Fact]
    public void A_boundary_that_allows_everything_changes_nothing() =>
        Gen.Select(Policy.Array[1, 3], Request).Sample((policies, request) =>
        {
            var everything = Document("boundary", [StatementJson("Allow", false, ["*"], false, ["*"], -1)]);
            return PolicyEvaluator.Evaluate(request, policies, everything).Decision == PolicyEvaluator.Evaluate(request, policies).Decision;
        });

    [Fact]
    public void Evaluation_agrees_with_PatternCoverage_on_full_access() =>
        // An Allow of the patterns on every resource grants every sampled action exactly when the patterns
        // match it; when PatternCoverage judges the patterns "every action", every sampled action is allowed.
        Gen.Select(PatternGen.ParseableActionLists, Gen.Int[0, AwsSample.Actions.Count - 1]).Sample((patterns, i) =>
        {
            var policy = Document("p", [StatementJson("Allow", false, patterns, false, ["*"], -1)]);
            var action = AwsSample.Actions[i];
            var allowed = PolicyEvaluator.Evaluate(new EvaluationRequest(action), [policy]).IsAllowed;
            var full = PatternCoverage.OfActions(patterns) == Coverage.Everything;
            return allowed == patterns.Any(p => Reference.ActionMatches(p, action)) && (!full || allowed);
        });

    [Fact]
    public void Resource_evaluation_agrees_with_IAMs_segment_wise_ARN_match() =>
        Gen.Select(PatternGen.ParseableArnLists, Gen.Int[0, AwsSample.Arns.Count - 1], Gen.Bool).Sample((patterns, i, not) =>
        {
            var arn = AwsSample.Arns[i];
            var policy = Document("p", [StatementJson("Allow", false, ["*"], not, patterns, -1)]);
            var allowed = PolicyEvaluator.Evaluate(new EvaluationRequest("s3:GetObject", arn), [policy]).IsAllowed;
            var matched = patterns.Any(p => Reference.ArnMatches(p, arn));
            var everyArn = PatternCoverage.OfArnsInEveryPartition(patterns) == Coverage.Everything;
            return allowed == (matched != not) && !(not && everyArn && allowed);
        });
}
