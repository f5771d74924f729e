using System.Text.Json.Nodes;
using CsCheck;
using IamOperator.Policies;

namespace IamOperator.Iam.Tests.Emulator;

/// <summary>
/// A differential test of two independent readings of AWS's evaluation logic: the operator's
/// <see cref="PolicyEvaluator"/> and the IAM emulator's policy simulator, reached over HTTP through the client's
/// <c>SimulateCustomPolicy</c> (identity policies in PolicyInputList, the boundary in
/// PermissionsBoundaryPolicyInputList, as API_SimulateCustomPolicy takes them). For generated policies, boundaries and
/// contexts, every action and resource of one simulate call must get the same decision and the same missing context keys.
/// Where the two disagreed, the one AWS's documentation contradicts was fixed and the case pinned by a table test.
/// </summary>
public sealed class EngineAgreesWithSimulatorTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly IamQueryClient iam = emulator.Client();

    public void Dispose() => iam.Dispose();

    private static readonly string[] ActionPatterns =
        ["s3:GetObject", "s3:Get*", "s3:*", "*", "S3:getobject", "ec2:Describe?nstances", "iam:*User*", "iam:Create*", "lambda:List*", "s3:?etObject"];

    private static readonly string[] ResourcePatterns =
    [
        "*", "arn:aws:s3:::reports/*", "arn:aws:s3:::reports/${aws:username}/*", "arn:aws:s3:::rep?rts/*", "arn:aws:iam::123456789012:user/*",
        "arn:aws:*:*:123456789012:*", "arn:aws:s3:::*", "arn:aws:iam::123456789012:user/${aws:username}", "arn:aws:s3:*",
        "arn:aws:s3:::reports/${aws:PrincipalTag/team, 'shared'}/*",
    ];

    /// <summary>Every simulate call asks for all of these, so one HTTP call judges twenty requests.</summary>
    private static readonly string[] Actions = ["s3:GetObject", "s3:PutObject", "ec2:DescribeInstances", "iam:CreateUser", "lambda:ListFunctions"];

    private static readonly string[] Resources =
        ["arn:aws:s3:::reports/alice/q3.csv", "arn:aws:s3:::reports/shared/q3.csv", "arn:aws:iam::123456789012:user/alice", "*"];

    private sealed record ContextKey(string Name, SimulationContextKeyType Type, string[][] Choices);

    private static readonly ContextKey[] Keys =
    [
        new("aws:username", SimulationContextKeyType.String, [["alice"], ["bob"]]),
        new("aws:PrincipalTag/team", SimulationContextKeyType.String, [["payments"], ["PAYMENTS"], ["shared"]]),
        new("s3:max-keys", SimulationContextKeyType.Numeric, [["3"], ["10"], ["20"]]),
        new("aws:SecureTransport", SimulationContextKeyType.Boolean, [["true"], ["false"]]),
        new("aws:SourceIp", SimulationContextKeyType.Ip, [["203.0.113.7"], ["198.51.100.2"]]),
        new("aws:CurrentTime", SimulationContextKeyType.Date, [["2025-03-01T00:00:00Z"], ["2025-09-01T00:00:00Z"], ["2026-06-01T00:00:00Z"]]),
        new("aws:PrincipalArn", SimulationContextKeyType.String,
            [["arn:aws:iam::123456789012:user/alice"], ["arn:aws:iam::123456789012:user/bob"], ["arn:aws:iam::123456789012:role/ci"]]),
        new("aws:TagKeys", SimulationContextKeyType.StringList, [["env"], ["env", "team"], ["cost-center"]]),
    ];

    private static readonly (string Operator, string Key, string[] Values)[] Conditions =
    [
        ("StringEquals", "aws:username", ["alice"]),
        ("StringNotEquals", "aws:username", ["alice", "carol"]),
        ("StringLike", "aws:PrincipalTag/team", ["pay*"]),
        ("StringEqualsIgnoreCase", "aws:PrincipalTag/team", ["PAYMENTS"]),
        ("StringLikeIfExists", "aws:PrincipalTag/team", ["pay*"]),
        ("StringNotLike", "aws:PrincipalTag/team", ["sh?red"]),
        ("StringEquals", "aws:PrincipalTag/team", ["${aws:username}"]),
        ("NumericLessThan", "s3:max-keys", ["10"]),
        ("NumericGreaterThanEquals", "s3:max-keys", ["5"]),
        ("NumericNotEquals", "s3:max-keys", ["20"]),
        ("Bool", "aws:SecureTransport", ["true"]),
        ("BoolIfExists", "aws:SecureTransport", ["false"]),
        ("IpAddress", "aws:SourceIp", ["203.0.113.0/24"]),
        ("NotIpAddress", "aws:SourceIp", ["198.51.100.0/24"]),
        ("DateLessThan", "aws:CurrentTime", ["2026-01-01T00:00:00Z"]),
        ("DateGreaterThan", "aws:CurrentTime", ["2025-06-01T00:00:00Z"]),
        ("ArnLike", "aws:PrincipalArn", ["arn:aws:iam::123456789012:user/*"]),
        ("ArnNotEquals", "aws:PrincipalArn", ["arn:aws:iam::123456789012:user/bob"]),
        ("Null", "aws:PrincipalTag/team", ["true"]),
        ("Null", "aws:SourceIp", ["false"]),
        ("ForAnyValue:StringEquals", "aws:TagKeys", ["env", "team"]),
        ("ForAllValues:StringLike", "aws:TagKeys", ["env", "cost-*"]),
        ("ForAnyValue:StringNotLike", "aws:TagKeys", ["env"]),
        ("ForAllValues:StringNotEquals", "aws:TagKeys", ["cost-center"]),
        ("StringNotEqualsIgnoreCase", "aws:PrincipalTag/team", ["payments"]),
        ("ArnNotLike", "aws:PrincipalArn", ["arn:aws:iam::123456789012:role/*"]),
        ("DateNotEquals", "aws:CurrentTime", ["2025-03-01T00:00:00Z"]),
        ("NumericLessThanEqualsIfExists", "s3:max-keys", ["10"]),
        ("ArnLike", "aws:PrincipalArn", ["arn:aws:iam::123456789012:user/${aws:username}"]),
    ];

    private static Gen<T[]> Sequence<T>(IEnumerable<Gen<T>> gens) =>
        gens.Aggregate(Gen.Const(Array.Empty<T>()), (acc, g) => Gen.Select(acc, g, (a, e) => a.Append(e).ToArray()));

    private static Gen<string[]> SomeOf(string[] pool, int most) =>
        Gen.Int[0, pool.Length - 1].Array[1, most].Select(ix => ix.Select(i => pool[i]).Distinct().ToArray());

    private static readonly Gen<JsonObject> Statement =
        Gen.Select(
            Gen.Frequency((3, Gen.Const("Allow")), (1, Gen.Const("Deny"))),
            Gen.Int[0, 4].Select(n => n == 0),
            SomeOf(ActionPatterns, 2),
            Gen.Int[0, 4].Select(n => n == 0),
            SomeOf(ResourcePatterns, 2),
            Gen.Int[0, Conditions.Length - 1].Array[0, 2],
            (effect, notAction, actions, notResource, resources, conditions) =>
            {
                var statement = new JsonObject
                {
                    ["Effect"] = effect,
                    [notAction ? "NotAction" : "Action"] = new JsonArray([.. actions.Select(a => JsonValue.Create(a))]),
                    [notResource ? "NotResource" : "Resource"] = new JsonArray([.. resources.Select(r => JsonValue.Create(r))]),
                };
                if (conditions.Length > 0)
                {
                    var block = new JsonObject();
                    foreach (var (op, key, values) in conditions.Select(i => Conditions[i]))
                    {
                        var clauses = (JsonObject)(block[op] ??= new JsonObject());
                        if (!clauses.ContainsKey(key)) clauses[key] = new JsonArray([.. values.Select(v => JsonValue.Create(v))]);
                    }
                    statement["Condition"] = block;
                }
                return statement;
            });

    /// <summary>Mostly the 2012-10-17 language; sometimes 2008-10-17, where policy variables are literal text.</summary>
    private static readonly Gen<string> Policy =
        Gen.Select(Gen.Int[0, 5].Select(n => n == 0 ? "2008-10-17" : "2012-10-17"), Statement.Array[1, 3], (version, statements) =>
            new JsonObject { ["Version"] = version, ["Statement"] = new JsonArray([.. statements]) }.ToJsonString());

    private static readonly Gen<SimulationContextEntry[]> Context =
        Sequence(Keys.Select(key => Gen.Int[0, key.Choices.Length * 2 - 1].Select(choice =>
                choice < key.Choices.Length ? new SimulationContextEntry(key.Name, key.Type, key.Choices[choice]) : null)))
            .Select(entries => entries.OfType<SimulationContextEntry>().ToArray());

    private sealed record Case(string[] Identity, string? Boundary, SimulationContextEntry[] Context)
    {
        public override string ToString() =>
            $"identity: {string.Join(" | ", Identity)}\nboundary: {Boundary ?? "(none)"}\ncontext: {string.Join(", ", Context.Select(e => $"{e.Key}={string.Join("+", e.Values)}"))}";
    }

    private static readonly Gen<Case> Cases =
        Gen.Select(Policy.Array[1, 2], Gen.Int[0, 2].SelectMany(n => n == 0 ? Policy.Select(p => (string?)p) : Gen.Const((string?)null)), Context,
            (identity, boundary, context) => new Case(identity, boundary, context));

    [Fact]
    public async Task The_operators_engine_and_the_emulators_simulator_agree_on_every_decision_and_missing_context_key() =>
        await Cases.SampleAsync(async @case =>
        {
            var results = await iam.SimulateCustomPolicyAsync(new PolicySimulationRequest(Actions, Resources, @case.Context, @case.Identity,
                @case.Boundary is null ? null : [@case.Boundary]), CancellationToken.None);

            var identity = @case.Identity.Select((d, i) => new SourcedPolicy($"PolicyInputList.{i + 1}", PolicyDocument.Parse(d))).ToList();
            var boundary = @case.Boundary is null ? null : new SourcedPolicy("PermissionsBoundaryPolicyInputList.1", PolicyDocument.Parse(@case.Boundary));
            var disagreements = new List<string>();
            Assert.Equal(Actions.Length * Resources.Length, results.Count);
            foreach (var simulated in results)
            {
                var request = new EvaluationRequest(simulated.ActionName, simulated.ResourceName)
                {
                    Context = @case.Context.ToDictionary(e => e.Key, e => (IReadOnlyList<string>)e.Values, StringComparer.OrdinalIgnoreCase),
                };
                var evaluated = PolicyEvaluator.Evaluate(request, identity, boundary);
                var decision = evaluated.Decision switch
                {
                    EvaluationDecision.Allowed => SimulationDecision.Allowed,
                    EvaluationDecision.ExplicitDeny => SimulationDecision.ExplicitDeny,
                    _ => SimulationDecision.ImplicitDeny,
                };
                var engineMissing = evaluated.MissingContextKeys.Order(StringComparer.OrdinalIgnoreCase).ToList();
                var simulatorMissing = simulated.MissingContextValues.Order(StringComparer.OrdinalIgnoreCase).ToList();
                if (decision != simulated.Decision || !engineMissing.SequenceEqual(simulatorMissing, StringComparer.OrdinalIgnoreCase))
                {
                    disagreements.Add($"{simulated.ActionName} on {simulated.ResourceName}: engine {decision} missing [{string.Join(", ", engineMissing)}], " +
                        $"simulator {simulated.Decision} missing [{string.Join(", ", simulatorMissing)}]");
                }
            }
            Assert.True(disagreements.Count == 0, string.Join("\n", disagreements));
        }, iter: 300, threads: 1);
}
