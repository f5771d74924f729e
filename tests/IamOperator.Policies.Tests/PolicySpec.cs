using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;

namespace IamOperator.Policies.Tests;

/// <summary>
/// A generated policy's meaning, and renderings of it with the variations IAM and people introduce:
/// key and statement order, value order and repeats, string vs one-element array, whitespace, omitted
/// default Version, principal forms, account id vs root ARN, action and condition key case, unquoted
/// Booleans and numbers, JSON escapes, URL encoding.
/// </summary>
internal sealed record PolicySpec(string? Version, string? Id, StatementSpec[] Statements)
{
    private static readonly string[] Actions = ["s3:GetObject", "s3:ListBucket", "ec2:Describe*", "iam:PassRole", "sts:AssumeRole", "dynamodb:*", "*"];
    private static readonly string[] Resources = ["*", "arn:aws:s3:::bucket", "arn:aws:s3:::bucket/*", "arn:aws:iam::123456789012:role/app", "arn:aws:s3:::Caf\u00e9+Bucket"];
    private static readonly string[] Operators = ["StringEquals", "StringLike", "ForAnyValue:StringLike", "Bool", "NumericLessThan", "IpAddress", "ArnLikeIfExists"];
    private static readonly string[] Keys = ["aws:SourceIp", "aws:PrincipalTag/Team", "s3:prefix", "aws:SecureTransport", "aws:RequestedRegion", "oidc.eks.eu-west-1.amazonaws.com/id/ABC123:sub"];
    private static readonly string[] Values = ["a", "B", "home/${aws:username}/", "10.0.0.0/8", "true", "false", "10", "say \"hi\""];
    private static readonly (string Type, string[] Ids)[] PrincipalPool =
    [
        ("AWS", ["123456789012", "arn:aws:iam::210987654321:role/ci"]),
        ("Service", ["ec2.amazonaws.com", "lambda.amazonaws.com"]),
        ("Federated", ["arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC", "cognito-identity.amazonaws.com"]),
    ];

    private static Gen<string[]> SomeOf(string[] pool) =>
        Gen.Int[1, 3].SelectMany(n => Gen.Int[0, pool.Length - 1].Array[n]).Select(ix => ix.Select(i => pool[i]).Distinct().ToArray());

    private static Gen<T[]> Sequence<T>(IEnumerable<Gen<T>> gens) =>
        gens.Aggregate(Gen.Const(Array.Empty<T>()), (acc, g) => Gen.Select(acc, g, (a, e) => a.Append(e).ToArray()));

    private static readonly Gen<PrincipalSpec> PrincipalGen =
        Gen.Select(
            Gen.Bool,
            Gen.Bool,
            Gen.Int[1, 3].SelectMany(n => Gen.Shuffle(PrincipalPool.ToArray(), n))
                .SelectMany(types => Sequence(types.Select(t => SomeOf(t.Ids).Select(ids => (t.Type, ids))))),
            (not, everyone, entries) => new PrincipalSpec(not, everyone, entries));

    private static readonly Gen<ConditionSpec[]> ConditionsGen =
        Gen.Int[0, 2].SelectMany(n => Gen.Shuffle(Operators.ToArray(), n)).SelectMany(ops => Sequence(ops.Select(op =>
            Gen.Int[1, 2].SelectMany(k => Gen.Shuffle(Keys.ToArray(), k))
                .SelectMany(keys => Sequence(keys.Select(key => SomeOf(Values).Select(v => (key, v)))))
                .Select(entries => new ConditionSpec(op, entries)))));

    private static Gen<StatementSpec> StatementGen(int index) =>
        Gen.Select(Gen.Bool, Gen.Bool, PrincipalGen.Null(), Gen.Bool, SomeOf(Actions), Gen.Int[0, 2], SomeOf(Resources), ConditionsGen)
            .Select(t => new StatementSpec(
                // Statement 0 always has a Sid so that a change to it cannot coincide with another statement.
                index == 0 || t.Item1 ? $"S{index}" : null,
                t.Item2, t.Item3, t.Item4, t.Item5,
                t.Item6 switch { 0 => null, 1 => false, _ => true }, t.Item7, t.Item8));

    public static Gen<PolicySpec> Generator { get; } =
        Gen.Select(Gen.OneOf<string?>(null, "2008-10-17", "2012-10-17"), Gen.OneOf<string?>(null, "PolicyId"), Gen.Int[1, 4])
            .SelectMany(t => Sequence(Enumerable.Range(0, t.Item3).Select(StatementGen))
                .Select(statements => new PolicySpec(t.Item1, t.Item2, statements)));

    /// <summary>One rendering of this meaning; <paramref name="seed"/> picks every variation.</summary>
    public string Render(int seed)
    {
        var random = new Random(seed);
        var root = new List<KeyValuePair<string, JsonNode?>>();
        if (Version == "2012-10-17" || (Version is not null && random.Next(2) == 0) || (Version is null && random.Next(3) == 0))
            root.Add(new("Version", Version ?? "2008-10-17"));
        if (Id is not null) root.Add(new("Id", Id));

        var statements = Statements.Select(s => s.Render(random)).ToList();
        foreach (var s in Statements.Where(s => s.Sid is null && random.Next(3) == 0)) statements.Add(s.Render(random));
        JsonNode statementNode = statements.Count == 1 && random.Next(2) == 0
            ? statements[0]
            : new JsonArray([.. statements.OrderBy(_ => random.Next())]);
        root.Add(new("Statement", statementNode));

        var json = Shuffled(root, random).ToJsonString(new JsonSerializerOptions { WriteIndented = random.Next(2) == 0 });
        return random.Next(4) == 0 ? Uri.EscapeDataString(json) : json;
    }

    internal static JsonObject Shuffled(IEnumerable<KeyValuePair<string, JsonNode?>> properties, Random random) =>
        new(properties.OrderBy(_ => random.Next()));

    internal static JsonNode List(IEnumerable<string> values, Random random, Func<string, JsonNode>? node = null)
    {
        node ??= v => JsonValue.Create(v);
        var items = values.ToList();
        if (random.Next(3) == 0) items.Add(items[random.Next(items.Count)]);
        items = [.. items.OrderBy(_ => random.Next())];
        return items.Count == 1 && random.Next(2) == 0 ? node(items[0]) : new JsonArray([.. items.Select(node)]);
    }

    internal static string RandomCase(string value, Random random) => random.Next(3) switch
    {
        0 => value.ToUpperInvariant(),
        1 => value.ToLowerInvariant(),
        _ => value,
    };
}

internal sealed record StatementSpec(
    string? Sid, bool Allow, PrincipalSpec? Principal, bool NotAction, string[] Actions, bool? NotResource, string[] Resources, ConditionSpec[] Conditions)
{
    public JsonObject Render(Random random)
    {
        var properties = new List<KeyValuePair<string, JsonNode?>>();
        if (Sid is not null) properties.Add(new("Sid", Sid));
        properties.Add(new("Effect", Allow ? "Allow" : "Deny"));
        if (Principal is not null) properties.Add(new(Principal.NotPrincipal ? "NotPrincipal" : "Principal", Principal.Render(random)));
        // "The prefix and the action name are case insensitive."
        properties.Add(new(NotAction ? "NotAction" : "Action", PolicySpec.List(Actions.Select(a => PolicySpec.RandomCase(a, random)), random)));
        if (NotResource is { } not) properties.Add(new(not ? "NotResource" : "Resource", PolicySpec.List(Resources, random)));
        if (Conditions.Length > 0)
            properties.Add(new("Condition", PolicySpec.Shuffled(Conditions.Select(c => new KeyValuePair<string, JsonNode?>(c.Operator, c.Render(random))), random)));
        return PolicySpec.Shuffled(properties, random);
    }
}

internal sealed record PrincipalSpec(bool NotPrincipal, bool Everyone, (string Type, string[] Ids)[] Entries)
{
    public JsonNode Render(Random random)
    {
        if (Everyone) return random.Next(2) == 0 ? JsonValue.Create("*") : new JsonObject { ["AWS"] = PolicySpec.List(["*"], random) };
        return PolicySpec.Shuffled(Entries.Select(e => new KeyValuePair<string, JsonNode?>(e.Type, PolicySpec.List(
            e.Ids.Select(id => e.Type == "AWS" && id.Length == 12 && random.Next(2) == 0 ? $"arn:aws:iam::{id}:root" : id), random))), random);
    }
}

internal sealed record ConditionSpec(string Operator, (string Key, string[] Values)[] Keys)
{
    public JsonObject Render(Random random) =>
        PolicySpec.Shuffled(Keys.Select(k => new KeyValuePair<string, JsonNode?>(
            // Identity provider keys keep their case in the canonical form, so they are not re-cased here.
            k.Key.Contains('.') ? k.Key : PolicySpec.RandomCase(k.Key, random),
            PolicySpec.List(k.Values, random, v => Unquoted(v, random)))), random);

    // "Quotation marks are optional for numeric and Boolean values."
    private static JsonNode Unquoted(string value, Random random) => random.Next(2) == 0
        ? JsonValue.Create(value)
        : value switch
        {
            "true" => JsonValue.Create(true),
            "false" => JsonValue.Create(false),
            _ when int.TryParse(value, out var n) => JsonValue.Create(n),
            _ => JsonValue.Create(value),
        };
}
