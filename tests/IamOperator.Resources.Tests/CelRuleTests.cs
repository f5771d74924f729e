using System.Text.Json;
using Cel;
using IamOperator.Resources.Rules;
using IamOperator.Resources.Schema;

namespace IamOperator.Resources.Tests;

/// <summary>
/// Every CEL rule in the CRDs is evaluated by a real CEL implementation on example values and must agree
/// with its C# twin, which is what folder mode runs. A new rule without examples fails here.
/// </summary>
public class CelRuleTests
{
    private static readonly CelEnvironment Cel = WithStringExtensions(new(null, null));

    // The apiserver enables CEL's strings extension library (charAt, indexOf, ...); so does this environment.
    private static CelEnvironment WithStringExtensions(CelEnvironment environment)
    {
        global::Cel.Internal.CelStringHandlingFunctions.RegisterStringExtensionFunctions(environment);
        return environment;
    }

    /// <summary>Example values per rule: the value the rule is attached to, and for transition rules the stored one.</summary>
    private static readonly Dictionary<Type, (string Self, string? OldSelf)[]> Examples = new()
    {
        [typeof(TrustHasExactlyOneForm)] =
        [
            ("""{"services":["ec2.amazonaws.com"]}""", null),
            ("""{"serviceAccounts":{"oidcProviderArn":"x","subjects":[]}}""", null),
            ("""{"document":{"Version":"2012-10-17"}}""", null),
            ("""{}""", null),
            // Non-empty objects only: this CEL library's has() treats an empty map as absent, Kubernetes' does not.
            ("""{"services":["ec2.amazonaws.com"],"document":{"Version":"2012-10-17"}}""", null),
            ("""{"services":["ec2.amazonaws.com"],"serviceAccounts":{"subjects":[]},"document":{"Version":"2012-10-17"}}""", null),
            ("""{"services":null,"document":{"Version":"2012-10-17"}}""", null),
        ],
        [typeof(SingleValuedContextHasOneValue)] =
        [
            ("""{"key":"aws:RequestedRegion","type":"String","values":["eu-west-1"]}""", null),
            ("""{"key":"aws:RequestedRegion","values":["eu-west-1"]}""", null),
            ("""{"key":"aws:RequestedRegion","type":"String","values":["eu-west-1","us-east-1"]}""", null),
            ("""{"key":"aws:RequestedRegion","values":["eu-west-1","us-east-1"]}""", null),
            ("""{"key":"aws:TagKeys","type":"StringList","values":["team","env"]}""", null),
            ("""{"key":"aws:TagKeys","type":"StringList","values":["team"]}""", null),
            ("""{"key":"aws:MultiFactorAuthPresent","type":"Boolean","values":["true","false"]}""", null),
        ],
        [typeof(BoundaryHasExactlyOneSource)] =
        [
            ("""{"policyArn":"arn:aws:iam::aws:policy/X"}""", null),
            ("""{"policyRef":{"name":"b"}}""", null),
            ("""{}""", null),
            ("""{"policyArn":"arn:aws:iam::aws:policy/X","policyRef":{"name":"b"}}""", null),
        ],
        [typeof(TagKeysFollowIam)] =
        [
            ("""{"team":"a","cost-center":"1"}""", null),
            ("""{}""", null),
            ("""{"aws:owner":"x"}""", null),
            ("""{"AWS:owner":"x"}""", null),
            ("""{"aWs:owner":"x"}""", null),
            ("""{"iamoperator.dev/owner":"x"}""", null),
            ("""{"IAMOPERATOR.DEV/OWNER":"x"}""", null),
            ("""{"team":"a","IamOperator.dev/Owner":"x"}""", null),
            ("""{"\u0131amoperator.dev/owner":"x"}""", null),
            ("""{"\u0130AMOPERATOR.DEV/OWNER":"x"}""", null),
            ("""{"iamoperator.dev/owneR ":"x"}""", null),
            ("""{"iamoperator_dev/owner":"x"}""", null),
            ("""{"iamoperator.dev/owner-team":"x"}""", null),
            ("""{"team:aws:x":"x"}""", null),
            ("""{"":"x"}""", null),
            ($$"""{"{{new string('k', 128)}}":"x"}""", null),
            ($$"""{"{{new string('k', 129)}}":"x"}""", null),
        ],
        [typeof(GroupsPerUserWithinQuota)] =
        [
            ("""{}""", null),
            ("""{"groupRefs":[{"name":"a"},{"name":"b"},{"name":"c"},{"name":"d"},{"name":"e"}],"groupNames":["F","G","H","I","J"]}""", null),
            ("""{"groupRefs":[{"name":"a"},{"name":"b"},{"name":"c"},{"name":"d"},{"name":"e"}],"groupNames":["F","G","H","I","J","K"]}""", null),
            ("""{"groupNames":["F","G","H","I","J","K","L","M","N","O","P"]}""", null),
        ],
        [typeof(ManagedPoliciesWithinQuota)] =
        [
            ("""{"inlinePolicies":[{"name":"x"}]}""", null),
            (Attachments(10, 10), null),
            (Attachments(11, 10), null),
        ],
        [typeof(UserNameLength)] = NameLengthExamples(64),
        [typeof(RoleNameLength)] = NameLengthExamples(64),
        [typeof(GroupNameLength)] = NameLengthExamples(128),
        [typeof(PolicyNameLength)] = NameLengthExamples(128),
        [typeof(RoleNameIsImmutable)] = ImmutableExamples("iamName"),
        [typeof(RolePathIsImmutable)] = ImmutableExamples("path"),
        [typeof(PolicyNameIsImmutable)] = ImmutableExamples("iamName"),
        [typeof(PolicyPathIsImmutable)] = ImmutableExamples("path"),
        [typeof(PolicyDescriptionIsImmutable)] = ImmutableExamples("description"),
    };

    private static string Attachments(int arns, int refs) => JsonSerializer.Serialize(new
    {
        managedPolicyArns = Enumerable.Range(0, arns).Select(i => $"arn:aws:iam::aws:policy/P{i}"),
        policyRefs = Enumerable.Range(0, refs).Select(i => new { name = $"p{i}" }),
    });

    private static (string, string?)[] NameLengthExamples(int max) =>
    [
        ($$$"""{"metadata":{"name":"{{{new string('a', max)}}}"},"spec":{}}""", null),
        ($$$"""{"metadata":{"name":"{{{new string('a', max + 1)}}}"},"spec":{}}""", null),
        ($$$"""{"metadata":{"name":"{{{new string('a', max + 1)}}}"}}""", null),
        ($$$"""{"metadata":{"name":"{{{new string('a', max + 1)}}}"},"spec":{"iamName":"short"}}""", null),
        ($$$"""{"metadata":{"name":"short"},"spec":{"iamName":"{{{new string('a', max)}}}"}}""", null),
        ($$$"""{"metadata":{"name":"short"},"spec":{"iamName":"{{{new string('a', max + 1)}}}"}}""", null),
    ];

    private static (string, string?)[] ImmutableExamples(string field) =>
    [
        ($$"""{"{{field}}":"a"}""", $$"""{"{{field}}":"a"}"""),
        ($$"""{"{{field}}":"b"}""", $$"""{"{{field}}":"a"}"""),
        ("""{}""", $$"""{"{{field}}":"a"}"""),
        ($$"""{"{{field}}":"a"}""", """{}"""),
        ("""{"other":1}""", """{"other":2}"""),
    ];

    public static TheoryData<string> RuleTypes() => [.. AllRules().Select(r => r.GetType().Name).Distinct().Order()];

    private static IEnumerable<CrossFieldRule> AllRules() =>
        KubernetesApiGroup.Kinds.SelectMany(k => Walk(SchemaBuilder.ForResource(k.ResourceType))).SelectMany(n => n.Rules);

    private static IEnumerable<SchemaNode> Walk(SchemaNode node) =>
        new[] { node }
            .Concat(node.Properties?.Values.SelectMany(Walk) ?? [])
            .Concat(node.Items is { } items ? Walk(items) : [])
            .Concat(node.AdditionalProperties is { } values ? Walk(values) : []);

    [Theory]
    [MemberData(nameof(RuleTypes))]
    public void Cel_rule_and_its_csharp_twin_agree_on_every_example(string ruleName)
    {
        var rule = AllRules().First(r => r.GetType().Name == ruleName);
        Assert.True(Examples.TryGetValue(rule.GetType(), out var examples), $"{ruleName} has no examples in {nameof(CelRuleTests)}");
        var program = Cel.Compile(rule.Cel);
        var outcomes = new HashSet<bool>();
        foreach (var (selfJson, oldJson) in examples)
        {
            var self = JsonDocument.Parse(selfJson).RootElement;
            var variables = new Dictionary<string, object?> { ["self"] = ToCel(self) };
            bool csharp;
            if (rule is TransitionRule transition)
            {
                var old = JsonDocument.Parse(oldJson!).RootElement;
                variables["oldSelf"] = ToCel(old);
                csharp = transition.IsSatisfiedBy(self, old);
            }
            else
            {
                csharp = rule.IsSatisfiedBy(self);
            }
            var cel = Assert.IsType<bool>(program.Invoke(variables));
            Assert.True(cel == csharp, $"{ruleName} on {selfJson} (old {oldJson}): CEL says {cel}, C# says {csharp}");
            outcomes.Add(cel);
        }
        Assert.True(outcomes.Count == 2, $"{ruleName}'s examples must include values that pass and values that fail");
    }

    /// <summary>JSON as the apiserver hands it to CEL: objects as maps, nulls pruned, integers as int.</summary>
    private static object? ToCel(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => value.EnumerateObject()
            .Where(p => p.Value.ValueKind != JsonValueKind.Null)
            .ToDictionary(p => p.Name, p => ToCel(p.Value)),
        JsonValueKind.Array => value.EnumerateArray().Select(ToCel).ToList(),
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.TryGetInt64(out var integer) ? integer : value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
